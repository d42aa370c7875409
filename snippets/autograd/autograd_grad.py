"""torch.autograd.grad：对任意张量求梯度，返回元组，不写 .grad。"""
# --8<-- [start:non_leaf]
import torch

x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
h = x.exp()                                # 中间结果，非叶子
y = (h * h).sum()

grads = torch.autograd.grad(y, [h, x])     # 对 h 和 x 同时求
print("返回:", type(grads).__name__, len(grads))
dh, dx = grads
print("dy/dh:", dh)                        # 2h
print("dy/dx:", dx)                        # 2e^{2x}
print("x.grad:", x.grad)                   # 不碰任何 .grad
assert isinstance(grads, tuple) and len(grads) == 2  # check
assert torch.allclose(dh, 2 * h.detach())  # check
assert torch.allclose(dx, 2 * x.detach().exp() ** 2)  # check
assert x.grad is None and not h.retains_grad  # check

if torch.__version__ >= "2.13":  # check
    # 2.13 起 inputs 可以是字典
    by_name = torch.autograd.grad((h * h).sum(), {"h": h})
    assert list(by_name) == ["h"] and torch.equal(by_name["h"], dh)
# --8<-- [end:non_leaf]

# --8<-- [start:grad_outputs_missing]
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x ** 2                                  # 非标量输出
torch.autograd.grad(y, x)  # raises: RuntimeError: grad can be implicitly created only for scalar outputs
# --8<-- [end:grad_outputs_missing]

# --8<-- [start:grad_outputs]
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x ** 2
v = torch.tensor([1.0, 0.1, 0.01])
(g,) = torch.autograd.grad(y, x, grad_outputs=v)   # v^T J，J = diag(2x)
print("v^T J:", g)
assert torch.allclose(g, v * 2 * x.detach())  # check
# --8<-- [end:grad_outputs]

# --8<-- [start:unused_input]
import torch
import unittest  # check

x = torch.tensor([1.0, 2.0], requires_grad=True)
z = torch.tensor([5.0, 6.0], requires_grad=True)   # 没参与计算
y = (x * x).sum()
if torch.__version__ >= "2.13":  # check
    # 2.13 起，消息指出是第几个输入
    expected = "Tensor at index 1"
else:
    expected = "One of the differentiated Tensors"
with unittest.TestCase().assertRaisesRegex(RuntimeError, expected):  # check
    torch.autograd.grad(y, [x, z], retain_graph=True)
torch.autograd.grad(y, [x, z])  # raises: RuntimeError: appears to not have been used in the graph
# --8<-- [end:unused_input]

# --8<-- [start:retry_after_error]
import contextlib

import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
z = torch.tensor([5.0, 6.0], requires_grad=True)
y = (x * x).sum()
with contextlib.suppress(RuntimeError):
    torch.autograd.grad(y, [x, z])     # 报错：z 没参与计算，但图已经释放
torch.autograd.grad(y, [x, z], allow_unused=True)  # raises: RuntimeError: backward through the graph a second time
# --8<-- [end:retry_after_error]

# --8<-- [start:allow_unused]
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
z = torch.tensor([5.0, 6.0], requires_grad=True)   # 没参与计算
y = (x * x).sum()
gx, gz = torch.autograd.grad(y, [x, z], allow_unused=True,
                             retain_graph=True)
print("allow_unused=True:", gx, gz)
assert torch.equal(gx, 2 * x.detach()) and gz is None  # check

gx, gz = torch.autograd.grad(y, [x, z], materialize_grads=True)
print("materialize_grads=True:", gx, gz)           # None 换成全零张量
assert torch.equal(gz, torch.zeros(2))  # check
# --8<-- [end:allow_unused]

# --8<-- [start:frozen_input]
import unittest  # check

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 1))
model[0].requires_grad_(False)                 # 冻结第一层
loss = model(torch.randn(2, 3)).pow(2).mean()
with unittest.TestCase().assertRaisesRegex(RuntimeError, "does not require grad"):  # check
    torch.autograd.grad(loss, list(model.parameters()), retain_graph=True,
                        allow_unused=True, materialize_grads=True)
torch.autograd.grad(loss, list(model.parameters()))  # raises: RuntimeError: One of the differentiated Tensors does not require grad
# --8<-- [end:frozen_input]

# --8<-- [start:frozen_input_fix]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 1))
model[0].requires_grad_(False)
loss = model(torch.randn(2, 3)).pow(2).mean()
names, params = zip(*[(n, p) for n, p in model.named_parameters()
                      if p.requires_grad])    # 只对要梯度的参数求导
grads = torch.autograd.grad(loss, params)
for name, g in zip(names, grads):
    print(name, tuple(g.shape))
assert names == ("1.weight", "1.bias")  # check
# --8<-- [end:frozen_input_fix]

# --8<-- [start:higher_order]
import torch

x = torch.tensor(2.0, requires_grad=True)
y = x ** 4
(d1,) = torch.autograd.grad(y, x, create_graph=True)    # 4x^3，本身可再求导
(d2,) = torch.autograd.grad(d1, x, create_graph=True)   # 12x^2
(d3,) = torch.autograd.grad(d2, x)                      # 24x
print("一阶", d1.item(), " 二阶", d2.item(), " 三阶", d3.item())
print("requires_grad:", d1.requires_grad, d3.requires_grad)
assert (d1.item(), d2.item(), d3.item()) == (32.0, 48.0, 48.0)  # check
assert d1.requires_grad and not d3.requires_grad  # check
# --8<-- [end:higher_order]

# --8<-- [start:three_ways]
import torch

def forward():
    x = torch.tensor([0.5, 1.0], requires_grad=True)
    h = torch.sin(x)
    return x, h, (h ** 2).sum()

x, h, y = forward()                         # 1) retain_grad：写进 h.grad
h.retain_grad()
y.backward()
print("retain_grad:  ", h.grad)
by_retain = h.grad

# 2) register_hook：梯度经过 h 时交给钩子
x, h, y = forward()
seen = []
h.register_hook(lambda grad: seen.append(grad))
y.backward()
print("register_hook:", seen[0])
by_hook = seen[0]

# 3) autograd.grad：直接返回，不写 .grad
x, h, y = forward()
(by_grad,) = torch.autograd.grad(y, h)
print("autograd.grad:", by_grad, " x.grad:", x.grad)
assert x.grad is None  # check

same = torch.equal(by_retain, by_hook) and torch.equal(by_hook, by_grad)
print("三种方法结果相同:", same)
assert same  # check
assert torch.allclose(by_grad, 2 * h.detach())  # check
# --8<-- [end:three_ways]
