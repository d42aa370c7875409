"""Tensor.copy_ 与赋值：a = b 只改名字指向，copy_ 把值写进已有存储并被自动求导记录；Parameter 的原地覆盖。"""
# --8<-- [start:rebind]
import torch

a = torch.zeros(3)
old = a                                  # 另一个名字指向同一个对象
b = torch.ones(3)
# 赋值：a 改为指向 b 这个对象，不复制、不写入
a = b
print("a is b:", a is b)                 # 同一个对象
b[0] = 5                                 # 改 b 就是改 a
print("a:", a, " old:", old)             # 原来的张量没被改动
# --8<-- [end:rebind]

# --8<-- [start:copy_inplace]
import torch

m = torch.zeros(3)
alias = m
ptr = m.data_ptr()
src = torch.tensor([1.0, 2.0, 3.0])
out = m.copy_(src)                       # 把 src 的值写进 m 已有的存储
print("out is m:", out is m)             # 返回 m 本身
print("存储没换:", m.data_ptr() == ptr)
print("alias:", alias)                   # 指向 m 的其他名字都看到新值
src[0] = 100                             # 之后再改 src，不影响 m
print("m:", m)
# --8<-- [end:copy_inplace]

# --8<-- [start:dtype]
import torch

f = torch.zeros(3)                       # float32
f.copy_(torch.tensor([1, 2, 3]))         # int64 写入 float32：转换成浮点
print(f, f.dtype)

i = torch.zeros(3, dtype=torch.int64)
i.copy_(torch.tensor([1.7, -2.7, 3.2]))  # 浮点写入整数：向零截断
print(i, i.dtype)
# --8<-- [end:dtype]

# --8<-- [start:broadcast]
import torch

mat = torch.zeros(2, 3)
mat.copy_(torch.tensor([1.0, 2.0, 3.0]))     # 一行广播到每一行
print(mat)
# --8<-- [end:broadcast]

# --8<-- [start:broadcast_mismatch]
import torch

mat = torch.zeros(2, 3)
mat.copy_(torch.ones(2))  # 形状 (2,) 不能广播到 (2, 3)  # raises: RuntimeError: must match the size
# --8<-- [end:broadcast_mismatch]

# --8<-- [start:broadcast_self]
import torch

vec = torch.zeros(3)
vec.copy_(torch.ones(2, 3))  # 反过来：self 不会被广播成 (2, 3)  # raises: RuntimeError: doesn't match the broadcast shape
# --8<-- [end:broadcast_self]

# --8<-- [start:slice]
import torch

x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
z = torch.zeros(4, 2)
z[: x.shape[0], : x.shape[1]].copy_(x)   # 切片是视图：写进 z 的前 3 行
print(z)

z2 = torch.zeros(4, 2)
z2[1:] = x                               # 切片赋值，效果相同（原地写入）
print("z2[1:] 等于 x:", torch.equal(z2[1:], x))

z3 = torch.zeros(4, 2)
z3[[0, 1, 2]].copy_(x)                   # 用列表索引得到的是副本：写进了临时张量
print("z3 仍全为 0:", bool((z3 == 0).all()))
z3[[0, 1, 2]] = x                        # 高级索引要用赋值：这才写进 z3
print("z3[:3] 等于 x:", torch.equal(z3[:3], x))
# --8<-- [end:slice]

# --8<-- [start:expand_target]
import torch

row = torch.zeros(3)
e = row.expand(2, 3)                     # 两行共用 row 的 3 个元素
print("步长:", e.stride())
e.copy_(torch.ones(2, 3))  # raises: RuntimeError: more than one element of the written-to tensor refers to a single memory location
# --8<-- [end:expand_target]

# --8<-- [start:expand_clone]
import torch

e = torch.zeros(3).expand(2, 3).clone()  # clone：每个元素各占一格
print("步长:", e.stride())
e.copy_(torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
print(e)
# --8<-- [end:expand_clone]

# --8<-- [start:device]
import torch

device = "cuda" if torch.cuda.is_available() else "cpu"
dst = torch.zeros(3, device=device)
dst.copy_(torch.tensor([1.0, 2.0, 3.0]))     # 源在 CPU：copy_ 负责搬到 dst 的设备
assert dst.device.type == device  # check
print(dst.tolist())
# --8<-- [end:device]

# --8<-- [start:copy_autograd]
import torch

src = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
dst = torch.zeros(3)                     # 普通张量，不需要梯度
dst.copy_(src)                           # 这次写入被自动求导记录下来
print("requires_grad:", dst.requires_grad,
      " grad_fn:", type(dst.grad_fn).__name__)
(dst * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print("src.grad:", src.grad)             # 梯度经 copy_ 流回 src

d2 = torch.zeros(3)
d2.copy_(src.detach())                   # 只要数值：先 detach
print("detach 后 requires_grad:", d2.requires_grad)
# --8<-- [end:copy_autograd]

# --8<-- [start:clone_detach]
import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
for name, t in [("clone()", w.clone()), ("detach()", w.detach()),
                ("detach().clone()", w.detach().clone())]:
    grad_fn = type(t.grad_fn).__name__ if t.grad_fn else None
    print(f"{name:17} 共享存储: {t.data_ptr() == w.data_ptr()}, "
          f"requires_grad: {t.requires_grad}, grad_fn: {grad_fn}")

c = w.clone()
(c * 10).sum().backward()
print("梯度经 clone() 流回 w:", w.grad)
assert torch.equal(w.grad, torch.full((3,), 10.0))  # check
# --8<-- [end:clone_detach]

# --8<-- [start:detach_shares]
import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
d = w.detach()
d[0] = 100.0                             # 改 detach() 的结果
print("改 detach() 之后:", w)            # w 也变了：两者是同一块存储
snapshot = w.detach().clone()            # 要独立的副本，再 clone()
snapshot[1] = -1.0
print("改 detach().clone() 之后:", w)    # w 不变
assert w[0].item() == 100.0 and w[1].item() == 2.0  # check
# --8<-- [end:detach_shares]

# --8<-- [start:detach_inplace_backward]
import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = w.exp()                              # exp 的反向要用到 y 本身
y.detach().zero_()                       # 原地改了 y 的存储
y.sum().backward()  # raises: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation
# --8<-- [end:detach_inplace_backward]

# --8<-- [start:parameter_error]
import torch
from torch import nn

layer = nn.Linear(3, 2)
print("叶子张量:", layer.weight.is_leaf, " 需要梯度:", layer.weight.requires_grad)
layer.weight.copy_(torch.ones(2, 3))  # 叶子张量、需要梯度：不许原地改  # raises: RuntimeError: a leaf Variable that requires grad is being used in an in-place operation
# --8<-- [end:parameter_error]

# --8<-- [start:parameter_no_grad]
import torch
from torch import nn

layer = nn.Linear(3, 2)
opt = torch.optim.SGD(layer.parameters(), lr=0.1)
w = layer.weight
ptr = w.data_ptr()
with torch.no_grad():
    layer.weight.copy_(torch.ones(2, 3))
print(layer.weight)                      # 仍是 Parameter，仍需要梯度
print("同一对象:", layer.weight is w)
print("存储不变:", layer.weight.data_ptr() == ptr)
assert isinstance(layer.weight, nn.Parameter)  # check
# 优化器拿的仍是它
print("优化器持有它:", opt.param_groups[0]["params"][0] is layer.weight)
# --8<-- [end:parameter_no_grad]

# --8<-- [start:module_assign_tensor]
import torch
from torch import nn

layer = nn.Linear(3, 2)
layer.weight = torch.zeros(2, 3)  # 普通张量不能顶替已注册的参数  # raises: TypeError: torch.nn.Parameter or None expected
# --8<-- [end:module_assign_tensor]

# --8<-- [start:module_assign]
import torch
from torch import nn

layer = nn.Linear(3, 2)
opt = torch.optim.SGD(layer.parameters(), lr=0.1)
w = layer.weight
layer.weight = nn.Parameter(torch.zeros(2, 3))   # 换成新的 Parameter 可以……
print("换掉了旧参数:", layer.weight is not w)
# ……但优化器还拿着旧的那个
print("优化器持有的是新参数:", opt.param_groups[0]["params"][0] is layer.weight)
assert opt.param_groups[0]["params"][0] is w  # check
# --8<-- [end:module_assign]
