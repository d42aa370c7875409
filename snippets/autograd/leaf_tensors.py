"""叶子张量：is_leaf 的规则，.grad 只给叶子，retain_grad，类型/设备转换产生非叶子。"""
# --8<-- [start:rules]
import torch

a = torch.ones(3)                          # requires_grad=False：按约定都是叶子
w = torch.ones(3, requires_grad=True)      # 用户直接创建的：叶子
h = w * 2                                  # 运算的结果：非叶子
c = a * 2                                  # 运算结果，但不需要梯度：仍是叶子

for name, t in [("a", a), ("w", w), ("h", h), ("c", c)]:
    fn = type(t.grad_fn).__name__ if t.grad_fn is not None else None
    print(f"{name}: requires_grad={t.requires_grad!s:5} "
          f"is_leaf={t.is_leaf!s:5} grad_fn={fn}")
assert a.is_leaf and w.is_leaf and c.is_leaf and not h.is_leaf  # check
assert w.grad_fn is None and h.grad_fn is not None  # check
# --8<-- [end:rules]

# --8<-- [start:grad_leaves_only]
import warnings

import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = w * w                                  # 非叶子
loss = h.sum()
loss.backward()

# 叶子拿到梯度 d(sum w^2)/dw = 2w
print("w.grad:", w.grad)
assert torch.equal(w.grad, 2 * w.detach())  # check

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    g = h.grad                             # 读非叶子的 .grad
print("h.grad:", g)
# 去掉警告末尾随安装而变的 "(Triggered internally at ...)"
message = str(caught[0].message).split(" (Triggered internally")[0]
print(f"{caught[0].category.__name__}: {message}")
assert g is None  # check
assert caught[0].category is UserWarning  # check
assert "is not a leaf Tensor is being accessed" in message  # check
# --8<-- [end:grad_leaves_only]

# --8<-- [start:retain_grad]
import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = w * w
h.retain_grad()                            # 要在 backward 之前调用
(3 * h).sum().backward()
print("h.grad:", h.grad)                   # d(3*sum h)/dh = 3
print("w.grad:", w.grad)                   # dy/dw = 6w
assert torch.equal(h.grad, torch.full((3,), 3.0))  # check
assert h.retains_grad and not h.is_leaf  # check
assert torch.equal(w.grad, 6 * w.detach())  # check

h2 = w * w
(3 * h2).sum().backward()
h2.retain_grad()                           # backward 之后才调用：太晚了
print("h2.grad:", h2.grad)
w.retain_grad()                            # 叶子：什么也不做
print("w.retains_grad:", w.retains_grad)
assert h2.grad is None  # check
assert not w.retains_grad  # check
# --8<-- [end:retain_grad]

# --8<-- [start:retain_grad_no_grad]
import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
x = torch.tensor([4.0, 5.0, 6.0])          # 输入：创建时没有 requires_grad
with torch.no_grad():
    h = w * x                              # 在 no_grad 里算出的中间结果
d = (w * x).detach()                       # detach() 的结果
for name, t in [("x", x), ("h", h), ("d", d)]:
    print(f"{name}: requires_grad={t.requires_grad} is_leaf={t.is_leaf}")
for t in (h, d):  # check
    try:
        t.retain_grad()
    except RuntimeError as error:
        assert "can't retain_grad on Tensor that has requires_grad=False" in str(error)
    else:
        raise AssertionError("retain_grad accepted a tensor that does not require grad")
x.retain_grad()                            # 想看输入的梯度  # raises: RuntimeError: can't retain_grad on Tensor that has requires_grad=False
# --8<-- [end:retain_grad_no_grad]

# --8<-- [start:retain_grad_fix]
import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
# 输入：创建时就打开 requires_grad。它是叶子，不用 retain_grad
x = torch.tensor([4.0, 5.0, 6.0], requires_grad=True)
h = w * x                                  # 中间结果：不放进 no_grad
h.retain_grad()
(3 * h).sum().backward()
print("x.is_leaf:", x.is_leaf, " x.retains_grad:", x.retains_grad)
print("x.grad:", x.grad)                   # d(3*sum w*x)/dx = 3w
print("h.grad:", h.grad)                   # d(3*sum h)/dh = 3
assert torch.equal(x.grad, 3 * w.detach())  # check
assert torch.equal(h.grad, torch.full((3,), 3.0))  # check
x2 = torch.tensor([4.0, 5.0, 6.0]).requires_grad_()  # check
(3 * (w * x2)).sum().backward()  # check
assert x2.is_leaf and torch.equal(x2.grad, 3 * w.detach())  # check
# --8<-- [end:retain_grad_fix]

# --8<-- [start:cast]
import torch
import warnings  # check

device = "cuda" if torch.cuda.is_available() else "cpu"

w = torch.rand(3, requires_grad=True)              # 叶子，在 CPU 上，float32
w64 = w.to(device, torch.float64)                  # 转换是一次复制运算
print("w64.is_leaf:", w64.is_leaf, " grad_fn:", type(w64.grad_fn).__name__)
print(".double():", type(w.double().grad_fn).__name__)
# 什么都不用变时，返回的就是 w 本身
print("w.to(torch.float32) is w:", w.to(torch.float32) is w)
assert not w64.is_leaf  # check
assert type(w64.grad_fn).__name__ == "ToCopyBackward0"  # check
assert type(w.double().grad_fn).__name__ == "ToCopyBackward0"  # check
assert w.to(torch.float32) is w and w.is_leaf  # check

w64.sum().backward()
with warnings.catch_warnings(record=True) as caught:  # check
    warnings.simplefilter("always")
    assert w64.grad is None                        # 非叶子：不保存梯度
assert "not a leaf Tensor" in str(caught[0].message)  # check
print("w.grad:", w.grad)                           # 梯度流回原来的叶子 w
assert torch.equal(w.grad, torch.ones(3))  # check

torch.optim.SGD([w64], lr=0.1)                     # 优化器只收叶子张量  # raises: ValueError: can't optimize a non-leaf Tensor
# --8<-- [end:cast]

# --8<-- [start:create_directly]
import torch
import torch.nn as nn

device = "cuda" if torch.cuda.is_available() else "cpu"

# 直接在目标设备、目标类型上创建
w = torch.rand(3, device=device, dtype=torch.float64, requires_grad=True)
# 或者先转换，再打开 requires_grad
v = torch.rand(3).to(device, torch.float64).requires_grad_()
model = nn.Linear(3, 2).to(device, torch.float64)  # Module.to 之后参数仍是叶子

print("w:", w.is_leaf, " v:", v.is_leaf)
print("model 参数:", [p.is_leaf for p in model.parameters()])
assert w.is_leaf  # check
assert v.is_leaf  # check
assert all(p.is_leaf for p in model.parameters())  # check
# --8<-- [end:create_directly]

# --8<-- [start:deepcopy]
import copy

import torch

w = torch.rand(3, requires_grad=True)              # 叶子
h = w * 2                                          # 非叶子：有 grad_fn
print("深拷贝叶子:", copy.deepcopy(w).is_leaf)
h_copy = copy.deepcopy(h.detach())                 # detach() 得到叶子
print("detach 后再深拷贝:", h_copy.is_leaf, h_copy.requires_grad)
assert torch.equal(h_copy, h.detach())  # check
copy.deepcopy(h)                                   # 非叶子不能深拷贝  # raises: RuntimeError: Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol
# --8<-- [end:deepcopy]
