"""backward：标量输出、向量-雅可比积、retain_graph、create_graph、梯度累加与清零。"""
# --8<-- [start:scalar]
import torch
import warnings  # check

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x ** 2).sum()                         # 标量
# 等价于 y.backward(torch.tensor(1.0))
y.backward()
print("Tensor.backward:        ", x.grad)
assert torch.equal(x.grad, 2 * x.detach())  # check

x2 = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
torch.autograd.backward((x2 ** 2).sum())   # 函数形式，效果相同
print("torch.autograd.backward:", x2.grad)
assert torch.equal(x2.grad, x.grad)  # check
with warnings.catch_warnings(record=True) as caught:  # check
    warnings.simplefilter("always")
    x3 = torch.ones(2, requires_grad=True)
    torch.autograd.backward(x3 * 2, grad_variables=torch.ones(2))
    assert "`grad_variables` is deprecated" in str(caught[0].message)
    assert torch.equal(x3.grad, torch.full((2,), 2.0))
# --8<-- [end:scalar]

# --8<-- [start:vjp]
import torch

A = torch.tensor([[1.0, 2.0, 3.0],
                  [4.0, 5.0, 6.0]])
x = torch.ones(3, requires_grad=True)
y = A @ x                                  # y 有 2 个元素，雅可比矩阵 J = A（2×3）
v = torch.tensor([1.0, 10.0])
y.backward(gradient=v)                     # 算的是 v^T J，而不是 J 本身

print("x.grad =", x.grad, "= v^T J")
assert torch.equal(x.grad, v @ A)  # check
# --8<-- [end:vjp]

# --8<-- [start:non_scalar]
import torch

x = torch.ones(3, requires_grad=True)
y = x * 2
y.backward()                               # 非标量，又没给 gradient  # raises: RuntimeError: grad can be implicitly created only for scalar outputs
# --8<-- [end:non_scalar]

# --8<-- [start:sum_first]
import torch

x = torch.ones(3, requires_grad=True)
(x * 2).sum().backward()                   # 想要“各元素之和”的梯度：先 sum
print("先 sum:", x.grad)
assert torch.equal(x.grad, torch.full((3,), 2.0))  # check

x1 = torch.ones(3, requires_grad=True)
(x1 * 2).backward(torch.ones_like(x1))     # 等价写法：v 全为 1
print("v 全为 1:", x1.grad)
assert torch.equal(x1.grad, x.grad)  # check
# --8<-- [end:sum_first]

# --8<-- [start:gradient_shape]
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = (x * 2).sum()
print("y 的形状:", y.shape)                  # 0 维张量
x2 = torch.tensor([1.0, 2.0], requires_grad=True)  # check
(x2 * 2).sum().backward(torch.ones_like(y))  # check
assert torch.equal(x2.grad, torch.full((2,), 2.0))  # check
try:  # check
    torch.autograd.grad(y, x, grad_outputs=torch.tensor([1.0]))
except RuntimeError as error:
    assert str(error).startswith("Mismatch in shape: grad_output[0] has a shape of torch.Size([1]) and output[0] has a shape of torch.Size([])")
else:
    raise AssertionError("autograd.grad accepted a gradient of the wrong shape")
y.backward(gradient=torch.tensor([1.0]))   # 形状是 [1]，不是 []  # raises: RuntimeError: Mismatch in shape: grad_output[0] has a shape of torch.Size([1]) and output[0] has a shape of torch.Size([])
# --8<-- [end:gradient_shape]

# --8<-- [start:second_backward]
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x * x).sum()                          # mul 为反向保存了 x
y.backward()
y.backward()                               # 保存的中间值已经释放  # raises: RuntimeError: Trying to backward through the graph a second time
# --8<-- [end:second_backward]

# --8<-- [start:retain_graph]
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x * x).sum()
y.backward(retain_graph=True)              # 保留保存的中间值
y.backward()                               # 第二次可以；这次之后才释放
print("两次 backward 后 x.grad:", x.grad)     # 两次的梯度相加
assert torch.equal(x.grad, 2 * (2 * x.detach()))  # check
# --8<-- [end:retain_graph]

# --8<-- [start:accumulate]
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
for step in range(3):
    loss = (x * x).sum()                   # 每次都重建计算图，不需要 retain_graph
    loss.backward()
    print(f"第 {step + 1} 次后 x.grad:", x.grad)
assert torch.equal(x.grad, 3 * (2 * x.detach()))  # check

opt = torch.optim.SGD([x], lr=0.1)
opt.zero_grad()                            # 默认 set_to_none=True
print("zero_grad() 后:", x.grad)
assert x.grad is None  # check

(x * x).sum().backward()
opt.zero_grad(set_to_none=False)           # 旧行为：保留张量，填 0
print("zero_grad(set_to_none=False) 后:", x.grad)
assert torch.equal(x.grad, torch.zeros(3))  # check
# --8<-- [end:accumulate]

# --8<-- [start:accumulate_equal]
import torch

torch.manual_seed(0)
w = torch.randn(3, requires_grad=True)
X, y = torch.randn(8, 3), torch.randn(8)

((X @ w - y) ** 2).mean().backward()       # 大批次：8 个样本的平均损失
full = w.grad.clone()

w.grad = None
# 梯度累加：2 个小批次，各 4 个样本，每个损失除以小批次个数 2
for Xb, yb in zip(X.split(4), y.split(4)):
    (((Xb @ w - yb) ** 2).mean() / 2).backward()
print("大批次:  ", full)
print("梯度累加:", w.grad)
print("两者相等:", torch.allclose(w.grad, full))
assert torch.allclose(w.grad, full)  # check
# --8<-- [end:accumulate_equal]

# --8<-- [start:inputs]
import torch

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, 4.0], requires_grad=True)
(a * b).sum().backward(inputs=[a])         # 只累加到 a.grad
print("a.grad:", a.grad, " b.grad:", b.grad)
assert torch.equal(a.grad, b.detach()) and b.grad is None  # check
# --8<-- [end:inputs]

# --8<-- [start:gan_detach]
import torch
import torch.nn as nn

torch.manual_seed(0)
G = nn.Linear(2, 3)                  # 生成器：噪声 -> 样本
D = nn.Linear(3, 1)                  # 判别器：样本 -> 打分（logit）
opt_G = torch.optim.SGD(G.parameters(), lr=0.1)
opt_D = torch.optim.SGD(D.parameters(), lr=0.1)
bce = nn.BCEWithLogitsLoss()
real, z = torch.randn(4, 3), torch.randn(4, 2)
ones, zeros = torch.ones(4, 1), torch.zeros(4, 1)
fake = G(z)

# 判别器这一步：detach，损失只传到 D
opt_D.zero_grad()
d_loss = bce(D(real), ones) + bce(D(fake.detach()), zeros)
d_loss.backward()
print("D 步之后 G.weight.grad:", G.weight.grad)
opt_D.step()
d_grad = D.weight.grad.clone()
assert G.weight.grad is None and G.bias.grad is None  # check

# 生成器这一步：不 detach，损失经过 D 传到 G
opt_G.zero_grad()
g_loss = bce(D(fake), ones)
g_loss.backward()
print("G 步之后 G 有梯度:", G.weight.grad is not None)
print("D 的 .grad 也被改了:", not torch.equal(D.weight.grad, d_grad))
D_before = [p.detach().clone() for p in D.parameters()]  # check
opt_G.step()                         # 只更新 G
assert all(torch.equal(a, b) for a, b in zip(D_before, D.parameters()))  # check
# --8<-- [end:gan_detach]

# --8<-- [start:gan_no_detach]
import torch
import torch.nn as nn

torch.manual_seed(0)
G = nn.Linear(2, 3)
D = nn.Linear(3, 1)
bce = nn.BCEWithLogitsLoss()
real, z = torch.randn(4, 3), torch.randn(4, 2)
ones, zeros = torch.ones(4, 1), torch.zeros(4, 1)
fake = G(z)

# 判别器这一步忘了 detach
d_loss = bce(D(real), ones) + bce(D(fake), zeros)
d_loss.backward()                    # 一直传进 G，并释放了 G 这段图
print("D 步之后 G 有梯度:", G.weight.grad is not None)
fake2 = G(z)  # check
bce(D(real), ones).add(bce(D(fake2), zeros)).backward(retain_graph=True)  # check
bce(D(fake2), ones).backward()  # check
g_loss = bce(D(fake), ones)          # 生成器这一步复用同一个 fake
g_loss.backward()  # raises: RuntimeError: Trying to backward through the graph a second time
# --8<-- [end:gan_no_detach]

# --8<-- [start:create_graph]
import warnings

import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = (x ** 3).sum()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    y.backward(create_graph=True)          # 反向过程本身也建图
# 去掉警告末尾随安装而变的 "(Triggered internally at ...)"
message = str(caught[0].message).split(" (Triggered internally")[0]
print(f"{caught[0].category.__name__}: {message}")
assert "reference cycle" in message  # check

g = x.grad                                 # dy/dx = 3x^2，带 grad_fn
print("一阶:", g)
assert g.requires_grad and torch.equal(g.detach(), 3 * x.detach() ** 2)  # check

x.grad = None                              # 断开引用环，也避免累加到一阶导数上
g.sum().backward()                         # 再求一次导：d(sum 3x^2)/dx = 6x
print("二阶:", x.grad)
assert torch.equal(x.grad, 6 * x.detach())  # check

# create_graph=True 时 retain_graph 默认也为 True
y.backward()
print("create_graph=True 之后还能再 backward 一次")
# --8<-- [end:create_graph]
