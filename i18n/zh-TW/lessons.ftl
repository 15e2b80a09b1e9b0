# the page's lessons (ids start with lesson-)
# 繁體中文目錄。這裡的每則訊息都在 ../en/lessons.ftl 中有同名、同變數的英文版。
# 用語依 ../glossary.tsv。課程中的數字來自書上印出的結果（seed-table.md）或 nabla 的執行結果；
# 引用書中文字時標明章節與圖號。

## the lesson table
lesson-col-run = 執行
lesson-col-book = 書上印出
lesson-col-nabla = nabla
lesson-erratum = 勘誤：
lesson-col-article = 文章寫的

## Beale's function, chapter 2.3
lesson-beale-title = Beale 函數從 (3, 4) 出發：第2章比較的六種方法
lesson-beale-text = 「2.3 梯度下降法的參數優化策略」在 Beale 函數上從 (3, 4) 出發執行六種優化器，各迭代 300,000 次（Adam 為 100,000 次），並印出各自的終點（圖 2-10 至圖 2-15）。最小值在 (3, 0.5)。Adagrad 會停滯：步長不斷縮小，最後停在離任何駐點都很遠的地方（「2.3.2 Adagrad法」說它「收斂到了另外的局部最優解」，但那裡的梯度並不是 0）。beta2 = 0.8 的 Adam 則在 (3, 0.5) 附近約 5e-5 的距離繞圈。
lesson-beale-errata = 「2.3.4 RMSprop法」的程式碼傳入 beta = 0.9999999999（十個 9），少了一個 9：用十一個 9 才能重現書上印出的點，如本課所示。「2.3.3 Adadelta法」的正文說累積量的初始值為 0，程式碼卻從 1 開始（np.ones_like）：取 eps = 1e-8、累積量初始值 1，nabla 就重現書上印出的點。「程式碼中的設定」一課把兩種寫法都執行一次。
lesson-beale-adadelta = adadelta（eps 1e-8，累積量從 1 開始）
lesson-beale-rmsprop = rmsprop（beta 0.99999999999，eps 1e-8，v 從 1 開始）
lesson-beale-adam = adam（beta2 0.8）

## the errata of the RMSprop and Adadelta listings
lesson-settings-title = 程式碼中的設定：RMSprop 的 beta 與 Adadelta 的初始值（Beale 函數，從 (3, 4) 出發）
lesson-settings-text = 「2.3.3 Adadelta法」與「2.3.4 RMSprop法」印出 Adadelta 與 RMSprop 在 Beale 函數上從 (3, 4) 出發的終點（圖 2-13、圖 2-14「RMSprop法也基本能收斂」）。照程式碼原樣執行，兩者都到不了書上印出的點；下面各列列出能重現的設定。
lesson-settings-errata = RMSprop 的程式碼 gradient_descent_RMSprop(df,x0,0.000005,0.9999999999,300000,1e-8) 中的 beta 只有十個 9，少了一個 9。改用十一個 9（這裡的 alpha = 0.99999999999）並讓 v 從 1 開始，nabla 就重現書上印出的兩個點：迭代 300,000 次與 900,000 次之後。Adadelta 要取 eps = 1e-8、累積量初始值 1（程式碼用 np.ones_like；正文說是 0）才重現書上印出的點：標準的 Adadelta（累積量從 0 開始）會停在別處。
lesson-settings-rmsprop-ten = rmsprop，beta 十個 9（程式碼原樣），迭代 300,000 次
lesson-settings-rmsprop-eleven = rmsprop，beta 十一個 9，迭代 300,000 次
lesson-settings-rmsprop-long = rmsprop，beta 十一個 9，迭代 900,000 次
lesson-settings-adadelta-zero = adadelta，累積量從 0 開始（正文的說法）
lesson-settings-adadelta-one = adadelta，eps 1e-8，累積量從 1 開始（程式碼的寫法）

## the cubic, chapter 2.2
lesson-cubic-title = 三次函數的梯度下降：x³ − 3x² − 9x + 2，從 x = 1 出發
lesson-cubic-text = 「2.2 梯度下降法(gradient descent)」以學習率 0.01 從 x = 1 出發（圖 2-7「x 逐漸收斂到最小值點」）。停止規則（max |f′| < 1e-8）在第 176 步之前觸發，停在極小值 x = 3。
lesson-cubic-row = gd，學習率 0.01

## the course notes: learning rate and decay
lesson-lr-title = 學習率：x² 從 −1 出發，學習率 0.1、0.3、0.9、0.99 各走十步
lesson-lr-text = 課程筆記 Day 74 說：「學習率較小時，收斂到極值的速度較慢」、「學習率較大時，容易在搜索過程中發生震盪」。0.1 走得慢，0.3 收斂得快，0.9 與 0.99 跨過頭而來回震盪（每一步把 x 乘上 1 − 2 lr）。筆記只畫圖；數字由解析解 x₁₀ = −(1 − 2 lr)¹⁰ 算出。
lesson-lr-header = 解析解（筆記只畫圖）
lesson-decay-title = 學習率衰減：x² 從 −1 出發，學習率 0.3，衰減 0、0.01、0.5、0.9
lesson-decay-text = Day 74 的「學習率衰減公式」lr_i = lr/(1 + decay·i)：「decay 越大，學習率衰減地越快」，步伐隨之變小。解析解 x₁₀ = −∏(1 − 2 lr/(1 + decay·i))，i = 0..9；筆記印出學習率 0.3、衰減 0.5 → −0.048879853568。
lesson-decay-header = 解析解（筆記印出衰減 0.5 的結果）

## the article: a line through three points
lesson-line-title = 文章中的直線擬合：在點 (−1, −3) 上走一步梯度下降
lesson-line-text = 〈簡單解釋梯度下降法〉的模型是 w·x + b，從「函數i: y = 3x + 1」（w = 3、b = 1）出發，三個點是 (−1, −3)、(0, 0)、(1, 1)，「一共差了11的距離」。點 (−1, −3) 的平方誤差對 w、b 的偏導數是 dL/dw = −2、dL/db = 2（文章的 L'w = -6 - 2b + 2w 與 L’b = 6 - 2w + 2b，見梯度檢查表）；學習率 0.5 走一步得到 w = 4、b = 0。總平方距離從 11 降到 10；但在這一個點上損失函數仍是 1（學習率 0.5 乘上曲率 4 等於 2：這一步把殘差反射過去）。
lesson-line-step = 走一步之後的 (w, b)
lesson-line-partials = 在 (3, 1) 的 dL/dw、dL/db

## the article's derivative
lesson-article-title = 文章中的導數：y = x³ + x² + x，y′ 是 3x + 2x + 1 嗎？
lesson-article-text = 〈簡單解釋梯度下降法〉把 y = x³ + x² + x 對 x 作微分，寫成「y’ = 3x + 2x + 1」。本課把這個公式填入「你的偏導數」，在 1000 個隨機點檢查：nabla 發現比較的每一個點都不一致，並給出精確導數 3x² + 2x + 1（兩者只在 x = 0 與 x = 1 相等，正好是文章最先代入的兩個點）。梯度檢查表檢查 x = −1 處的 y′。
lesson-article-errata = 文章的 y’ = 3x + 2x + 1 是錯的：x³ 的導數是 3x²，所以 y′ = 3x² + 2x + 1。文章還寫「當x = -1， y=-1，y’= -1」與「當x = -2， y=-6，y’= -6」，這兩個 y’ 其實是 y 在該處的值；y′ 在 x = −1 是 2，在 x = −2 是 9，而且對每個 x 都是正的（3x² + 2x + 1 沒有實根），所以 y 處處遞增。
lesson-article-formula = y′（文章）
lesson-article-at = x = −1 處的 y′

## chapter 2.4: the gradient check
lesson-check-title = 梯度檢查：(1/16)x² + 9y² 在 (2, 3)
lesson-check-text = 「2.4 梯度驗證」與「2.4.1 比較數值梯度和分析梯度」以中央差分檢查梯度 (0.25, 54)：「數值梯度可以足夠逼近分析梯度」。下面手算的偏導數在 ∂f/∂y 有正負號錯誤：請按「檢查我的偏導數」。
lesson-check-row = 精確梯度

## chapter 2.5: the optimizer classes
lesson-sgd-title = SGD 優化器類別：(1/16)x² + 9y² 從 (−2.4, 0.2) 出發，學習率 0.1
lesson-sgd-text = 「2.5.2 接受參數優化器的梯度下降法」在圖 2-16 的碗形曲面上從 (−2.4, 0.2) 出發，執行 SGD 類別（學習率 0.1）與 SGD_Momentum 類別（學習率 0.1、gamma 0.8）。動量法依停止規則 max |g| < 1e-8 在第 177 步之前停止。
lesson-sgd-errata = SGD 的程式碼寫 gradient_descent_(df,optimizer,100)，也就是 100 次迭代，但書上印出的點 [-8.26638332e-06 2.46046384e-98] 是迭代 1,000 次的結果。迭代 100 次之後 x 仍在 −0.68 附近：第一列照程式碼執行 100 次，第二列執行 1,000 次。
lesson-sgd-hundred = gd 學習率 0.1，迭代 100 次（程式碼寫的次數）
lesson-sgd-thousand = gd 學習率 0.1，迭代 1,000 次
lesson-sgd-momentum = momentum 學習率 0.1，動量 0.8
