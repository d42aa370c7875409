"""torch.autograd.grad：对任意张量求梯度，返回元组，不写 .grad。"""
# --8<-- [start:imports]
import torch
# --8<-- [end:imports]

# --8<-- [start:non_leaf]
x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
h = x.exp()                                # 中间结果，非叶子
y = (h * h).sum()

grads = torch.autograd.grad(y, [h, x])     # 对 h 和 x 同时求
assert isinstance(grads, tuple) and len(grads) == 2
dh, dx = grads
assert torch.allclose(dh, 2 * h.detach())          # dy/dh = 2h
assert torch.allclose(dx, 2 * x.detach().exp() ** 2)   # dy/dx = 2e^{2x}
assert x.grad is None and not h.retains_grad       # 不碰任何 .grad
print("dy/dh:", dh)
print("dy/dx:", dx)
print("x.grad:", x.grad)

if torch.__version__ >= "2.13":            # 2.13 起 inputs 可以是字典
    by_name = torch.autograd.grad((h * h).sum(), {"h": h})
    assert list(by_name) == ["h"] and torch.equal(by_name["h"], dh)
# --8<-- [end:non_leaf]

# --8<-- [start:grad_outputs]
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x ** 2                                  # 非标量输出
try:
    torch.autograd.grad(y, x)
except RuntimeError as e:
    assert "grad can be implicitly created only for scalar outputs" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

v = torch.tensor([1.0, 0.1, 0.01])
(g,) = torch.autograd.grad(y, x, grad_outputs=v)   # v^T J，J = diag(2x)
assert torch.allclose(g, v * 2 * x.detach())
print("v^T J:", g)
# --8<-- [end:grad_outputs]

# --8<-- [start:allow_unused]
x = torch.tensor([1.0, 2.0], requires_grad=True)
z = torch.tensor([5.0, 6.0], requires_grad=True)   # 没参与计算
y = (x * x).sum()
try:
    torch.autograd.grad(y, [x, z])
except RuntimeError as e:
    assert "appears to not have been used in the graph" in str(e)
    if torch.__version__ >= "2.13":                # 2.13 起，消息指出是第几个输入
        assert "Tensor at index 1" in str(e)
    else:
        assert "One of the differentiated Tensors" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

try:
    torch.autograd.grad(y, [x, z], allow_unused=True)
except RuntimeError as e:                          # 上面那次失败的调用已经释放了图
    assert "backward through the graph a second time" in str(e)
    print("再调用一次:", type(e).__name__)
else:
    raise AssertionError("应当报错，却没有报错")

y = (x * x).sum()                                  # 重建计算图
gx, gz = torch.autograd.grad(y, [x, z], allow_unused=True, retain_graph=True)
assert torch.equal(gx, 2 * x.detach()) and gz is None
print("allow_unused=True:", gx, gz)

gx, gz = torch.autograd.grad(y, [x, z], materialize_grads=True)
assert torch.equal(gz, torch.zeros(2))             # None 换成全零张量
print("materialize_grads=True:", gx, gz)
# --8<-- [end:allow_unused]

# --8<-- [start:higher_order]
x = torch.tensor(2.0, requires_grad=True)
y = x ** 4
(d1,) = torch.autograd.grad(y, x, create_graph=True)    # 4x^3，本身可再求导
(d2,) = torch.autograd.grad(d1, x, create_graph=True)   # 12x^2
(d3,) = torch.autograd.grad(d2, x)                      # 24x
assert (d1.item(), d2.item(), d3.item()) == (32.0, 48.0, 48.0)
assert d1.requires_grad and not d3.requires_grad
print("一阶", d1.item(), " 二阶", d2.item(), " 三阶", d3.item())
# --8<-- [end:higher_order]

# --8<-- [start:three_ways]
def forward():
    x = torch.tensor([0.5, 1.0], requires_grad=True)
    h = torch.sin(x)
    return x, h, (h ** 2).sum()

x, h, y = forward()                         # 1) retain_grad：写进 h.grad
h.retain_grad()
y.backward()
by_retain = h.grad

# 2) register_hook：梯度经过 h 时交给钩子
x, h, y = forward()
seen = []
h.register_hook(lambda grad: seen.append(grad))
y.backward()
by_hook = seen[0]

# 3) autograd.grad：直接返回，不写 .grad
x, h, y = forward()
(by_grad,) = torch.autograd.grad(y, h)
assert x.grad is None

assert torch.equal(by_retain, by_hook) and torch.equal(by_hook, by_grad)
assert torch.allclose(by_grad, 2 * h.detach())     # dy/dh = 2h = 2 sin x
print("dy/dh =", by_grad)
# --8<-- [end:three_ways]
