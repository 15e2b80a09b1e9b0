"""nabla.set_language: the words of answers and errors follow it; keys and enumerated values do
not. The Chinese expected here is the catalog's wording for a parse error (i18n/zh-TW/errors.ftl)."""

import pytest

import nabla as nb


@pytest.fixture
def zh():
    before = nb.language()
    nb.set_language("zh-TW")
    yield
    nb.set_language(before)


def test_language_names_and_errors():
    with pytest.raises(ValueError, match="use `en` or `zh-TW`"):
        nb.set_language("fr")
    assert nb.language() in ("en", "zh-TW")


def test_parse_errors_follow_the_language(zh):
    with pytest.raises(nb.ParseError) as e:
        nb.Formula("sinn(x)")
    assert "錯誤：不認得的函數 `sinn`" in str(e.value)
    nb.set_language("en")
    with pytest.raises(nb.ParseError) as e:
        nb.Formula("sinn(x)")
    assert "error: unknown function `sinn`" in str(e.value)


def test_answer_keys_stay_english(zh):
    zh_doc = nb.minimize("x^2 + y^2", [1, 2]).to_dict()
    nb.set_language("en")
    en_doc = nb.minimize("x^2 + y^2", [1, 2]).to_dict()
    assert zh_doc.keys() == en_doc.keys()
    assert zh_doc["method"] == en_doc["method"] == "lbfgs"
    assert zh_doc["command"] == "min"


def test_notebook_displays_follow_the_language(zh):
    # The words of the HTML tables come from the zh-TW catalog (i18n/zh-TW/*.ftl).
    html = nb.check("x^2 + y^2", at=[1, 2])._repr_html_()
    assert "中央差分" in html and "一致" in html and "central difference" not in html
    html = nb.check("x^2 + y^2", grad=["2*x", "-2*y"])._repr_html_()
    assert "你的偏導數" in html and "「不一致」" in html and "yours" not in html
    html = nb.trace("x*y + sin(x)", [1, 2])._repr_html_()
    assert "前向傳遞" in html and "伴隨值" in html and "forward sweep" not in html
    nb.set_language("en")
    html = nb.trace("x*y + sin(x)", [1, 2])._repr_html_()
    assert "forward sweep" in html and "伴隨值" not in html
