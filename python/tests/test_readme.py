"""README's Python examples and the package's docstring examples are run, so they stay true.

Every ```pycon block of README.md is a doctest session (``>>>`` lines and the output they print);
every ``>>>`` example in the docstrings of the package ``nabla`` runs too.
"""

import doctest
import pathlib
import re

import nabla
import nabla._answer

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def readme_blocks():
    text = README.read_text(encoding="utf-8")
    return re.findall(r"```pycon\n(.*?)```", text, flags=re.S)


def test_readme_has_python_examples():
    assert len(readme_blocks()) >= 1


def test_readme_python_examples_run():
    parser = doctest.DocTestParser()
    globs = {}
    for i, block in enumerate(readme_blocks()):
        test = parser.get_doctest(block, globs, f"README.md pycon block {i + 1}", str(README), 0)
        runner = doctest.DocTestRunner(optionflags=FLAGS)
        runner.run(test, clear_globs=False)
        globs = test.globs  # the next block goes on from this one's names, as in one session
        assert runner.failures == 0, f"README.md pycon block {i + 1} failed (output above)"


def test_package_docstring_examples_run():
    for module in [nabla, nabla._answer]:
        failures, tried = doctest.testmod(module, optionflags=FLAGS)
        assert failures == 0, module.__name__
