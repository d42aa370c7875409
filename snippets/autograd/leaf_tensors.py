"""叶子张量：is_leaf 的规则，.grad 只给叶子，retain_grad，类型/设备转换产生非叶子。"""
# --8<-- [start:imports]
import re
import warnings

import torch
import torch.nn as nn


def short(message):
    """去掉警告末尾的 "(Triggered internally at <构建路径>)"，它随安装而变。"""
    return re.sub(r"\s*\(Triggered internally at .*\)\s*$", "", str(message))
# --8<-- [end:imports]

# --8<-- [start:rules]
a = torch.ones(3)                          # requires_grad=False：按约定都是叶子
w = torch.ones(3, requires_grad=True)      # 用户直接创建的：叶子
h = w * 2                                  # 运算的结果：非叶子
c = a * 2                                  # 运算结果，但不需要梯度：仍是叶子

for name, t in [("a", a), ("w", w), ("h", h), ("c", c)]:
    fn = type(t.grad_fn).__name__ if t.grad_fn is not None else None
    print(f"{name}: requires_grad={t.requires_grad!s:5} is_leaf={t.is_leaf!s:5} grad_fn={fn}")
assert a.is_leaf and w.is_leaf and c.is_leaf and not h.is_leaf
assert w.grad_fn is None and h.grad_fn is not None
# --8<-- [end:rules]

# --8<-- [start:grad_leaves_only]
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = w * w                                  # 非叶子
loss = h.sum()
loss.backward()

# 叶子拿到梯度 d(sum w^2)/dw = 2w
assert torch.equal(w.grad, 2 * w.detach())
print("w.grad:", w.grad)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    g = h.grad                             # 读非叶子的 .grad
assert g is None
assert caught[0].category is UserWarning
assert "is not a leaf Tensor is being accessed" in str(caught[0].message)
print("h.grad:", g)
print(f"{caught[0].category.__name__}: {short(caught[0].message)}")
# --8<-- [end:grad_leaves_only]

# --8<-- [start:retain_grad]
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = w * w
h.retain_grad()                            # 要在 backward 之前调用
(3 * h).sum().backward()

assert torch.equal(h.grad, torch.full((3,), 3.0))   # d(3*sum h)/dh = 3
assert h.retains_grad and not h.is_leaf
assert torch.equal(w.grad, 6 * w.detach())                # dy/dw = 6w
print("h.grad:", h.grad)
print("w.grad:", w.grad)

h2 = w * w
(3 * h2).sum().backward()
h2.retain_grad()                           # backward 之后才调用：太晚了
assert h2.grad is None
w.retain_grad()                            # 叶子：什么也不做
assert not w.retains_grad
# --8<-- [end:retain_grad]

# --8<-- [start:cast]
device = "cuda" if torch.cuda.is_available() else "cpu"

w = torch.rand(3, requires_grad=True)              # 叶子，在 CPU 上，float32
w64 = w.to(device, torch.float64)                  # 转换是一次复制运算
assert not w64.is_leaf
assert type(w64.grad_fn).__name__ == "ToCopyBackward0"
print("w64.is_leaf:", w64.is_leaf, " grad_fn:", type(w64.grad_fn).__name__)
# .double() 也一样
assert type(w.double().grad_fn).__name__ == "ToCopyBackward0"
# 什么都不用变时，返回的就是 w 本身
assert w.to(torch.float32) is w and w.is_leaf

w64.sum().backward()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    assert w64.grad is None                        # 非叶子：不保存梯度
assert "not a leaf Tensor" in str(caught[0].message)
assert torch.equal(w.grad, torch.ones(3))          # 梯度流回原来的叶子 w
print("w.grad:", w.grad)

try:
    torch.optim.SGD([w64], lr=0.1)                 # 优化器只收叶子张量
except ValueError as e:
    assert "can't optimize a non-leaf Tensor" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:cast]

# --8<-- [start:create_directly]
device = "cuda" if torch.cuda.is_available() else "cpu"

w = torch.rand(3, device=device, dtype=torch.float64, requires_grad=True)
assert w.is_leaf                                   # 直接在目标设备、目标类型上创建

v = torch.rand(3).to(device, torch.float64).requires_grad_()
# 或者先转换，再打开 requires_grad
assert v.is_leaf

model = nn.Linear(3, 2).to(device, torch.float64)  # Module.to 之后参数仍是叶子
assert all(p.is_leaf for p in model.parameters())
print("w:", w.is_leaf, " v:", v.is_leaf, " model 参数:", [p.is_leaf for p in model.parameters()])
# --8<-- [end:create_directly]
