"""Tensor.copy_ 与赋值：a = b 只改名字指向，copy_ 把值写进已有存储；Parameter 的原地覆盖。"""
# --8<-- [start:imports]
import torch
from torch import nn
# --8<-- [end:imports]

# --8<-- [start:rebind]
a = torch.zeros(3)
old = a                                  # 另一个名字指向同一个对象
b = torch.ones(3)
# 赋值：a 改为指向 b 这个对象，不复制、不写入
a = b
assert a is b                            # 同一个对象
assert old.tolist() == [0.0, 0.0, 0.0]   # 原来的张量没被改动
b[0] = 5
print("a:", a, " old:", old)
assert a[0].item() == 5                  # a 就是 b，改 b 就是改 a
# --8<-- [end:rebind]

# --8<-- [start:copy_inplace]
m = torch.zeros(3)
alias = m
ptr = m.data_ptr()
src = torch.tensor([1.0, 2.0, 3.0])
out = m.copy_(src)                       # 把 src 的值写进 m 已有的存储
assert out is m                          # 返回 m 本身
assert m.data_ptr() == ptr               # 存储没换
assert alias.tolist() == [1.0, 2.0, 3.0] # 指向 m 的其他名字都看到新值
src[0] = 100                             # 之后再改 src，不影响 m
print("m:", m)
assert m[0].item() == 1.0
# --8<-- [end:copy_inplace]

# --8<-- [start:dtype]
f = torch.zeros(3)                       # float32
f.copy_(torch.tensor([1, 2, 3]))         # int64 写入 float32：转换成浮点
print(f, f.dtype)
assert f.dtype == torch.float32 and f.tolist() == [1.0, 2.0, 3.0]

i = torch.zeros(3, dtype=torch.int64)
i.copy_(torch.tensor([1.7, -2.7, 3.2]))  # 浮点写入整数：向零截断
print(i, i.dtype)
assert i.dtype == torch.int64 and i.tolist() == [1, -2, 3]
# --8<-- [end:dtype]

# --8<-- [start:broadcast]
mat = torch.zeros(2, 3)
mat.copy_(torch.tensor([1.0, 2.0, 3.0]))     # 一行广播到每一行
print(mat)
assert torch.equal(mat, torch.tensor([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]))
try:
    mat.copy_(torch.ones(2))                 # 形状 (2,) 不能广播到 (2, 3)
except RuntimeError as e:
    assert "must match the size" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

vec = torch.zeros(3)
try:
    vec.copy_(torch.ones(2, 3))              # 反过来：self 不会被广播成 (2, 3)
except RuntimeError as e:
    assert "doesn't match the broadcast shape" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
assert vec.shape == (3,)
# --8<-- [end:broadcast]

# --8<-- [start:slice]
x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
z = torch.zeros(4, 2)
z[: x.shape[0], : x.shape[1]].copy_(x)   # 切片是视图：写进 z 的前 3 行
print(z)
assert torch.equal(z[:3], x) and z[3].tolist() == [0.0, 0.0]

z2 = torch.zeros(4, 2)
z2[1:] = x                               # 切片赋值，效果相同（原地写入）
assert torch.equal(z2[1:], x)

z3 = torch.zeros(4, 2)
z3[[0, 1, 2]].copy_(x)                   # 用列表索引得到的是副本：写进了临时张量
print("z3 仍全为 0:", bool((z3 == 0).all()))
assert (z3 == 0).all()                   # z3 没变
z3[[0, 1, 2]] = x                        # 高级索引要用赋值：这才写进 z3
assert torch.equal(z3[:3], x)
# --8<-- [end:slice]

# --8<-- [start:device]
device = "cuda" if torch.cuda.is_available() else "cpu"
dst = torch.zeros(3, device=device)
dst.copy_(torch.tensor([1.0, 2.0, 3.0]))     # 源在 CPU：copy_ 负责搬到 dst 的设备
assert dst.device.type == device
print(dst.tolist())
# --8<-- [end:device]

# --8<-- [start:parameter_error]
torch.manual_seed(0)
layer = nn.Linear(3, 2)
assert layer.weight.is_leaf and layer.weight.requires_grad
try:
    layer.weight.copy_(torch.ones(2, 3))     # 叶子张量、需要梯度：不许原地改
except RuntimeError as e:
    assert "a leaf Variable that requires grad is being used in an in-place operation" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:parameter_error]

# --8<-- [start:parameter_no_grad]
opt = torch.optim.SGD(layer.parameters(), lr=0.1)
w = layer.weight
ptr = w.data_ptr()
with torch.no_grad():
    layer.weight.copy_(torch.ones(2, 3))
print(layer.weight)
assert layer.weight is w and layer.weight.data_ptr() == ptr
assert isinstance(layer.weight, nn.Parameter) and layer.weight.requires_grad
assert opt.param_groups[0]["params"][0] is layer.weight   # 优化器拿的仍是它
# --8<-- [end:parameter_no_grad]

# --8<-- [start:module_assign]
try:
    layer.weight = torch.zeros(2, 3)         # 普通张量不能顶替已注册的参数
except TypeError as e:
    assert "torch.nn.Parameter or None expected" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

layer.weight = nn.Parameter(torch.zeros(2, 3))   # 换成新的 Parameter 可以……
assert layer.weight is not w
print("优化器持有的是新参数:", opt.param_groups[0]["params"][0] is layer.weight)
assert opt.param_groups[0]["params"][0] is w     # ……但优化器还拿着旧的那个
# --8<-- [end:module_assign]
