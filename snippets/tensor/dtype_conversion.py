"""数据类型转换：.to(dtype) 与 .float()/.long()/.bool()；取整、溢出与精度；类型提升（result_type、promote_types）；整数除法与 rounding_mode；matmul、Linear、损失里混用类型的报错。"""
# --8<-- [start:to_dtype]
import torch

x = torch.tensor([1, 2, 3])                    # int64
y = x.to(torch.float32)                        # 返回新张量
print("x:", x.dtype, " y:", y.dtype)
x.float()                                      # 结果没接住：x 不变
print("x.float() 之后 x 仍是:", x.dtype)
x = x.float()                                  # 要赋值
print("赋值之后:", x.dtype)
assert torch.equal(y, torch.tensor([1.0, 2.0, 3.0])) and y.dtype == torch.float32  # check
# --8<-- [end:to_dtype]

# --8<-- [start:to_returns_self]
import torch

x = torch.ones(3)                              # 已经是 float32
print("to(float32) is x:", x.to(torch.float32) is x)
print("float() is x:    ", x.float() is x)
print("copy=True 时:    ", x.to(torch.float32, copy=True) is x)

ref = torch.zeros(2, dtype=torch.float64)
print("to(ref):     ", x.to(ref).dtype)        # 取 ref 的 dtype 和 device
print("type_as(ref):", x.type_as(ref).dtype)
assert x.to(ref).device == ref.device  # check
# --8<-- [end:to_returns_self]

# --8<-- [start:shortcuts]
import torch

x = torch.tensor([1.5, -2.5])
methods = ["float", "double", "half", "bfloat16", "long", "int", "bool"]
for name in methods:
    print(f"x.{name + '()':12} -> {getattr(x, name)().dtype}")
assert x.long().dtype == x.to(torch.int64).dtype == torch.long  # check
assert x.int().dtype == torch.int32 and x.half().dtype == torch.float16  # check
# --8<-- [end:shortcuts]

# --8<-- [start:legacy_type_names]
import torch

x = torch.tensor([1.5, 2.5])
print(x.type())                      # 不带参数：返回类型名，一个字符串
y = x.type(torch.DoubleTensor)       # 带参数：转换，同 x.double()
print(y.dtype, y.type())
print(x.type(torch.int64).dtype)     # 也可以传 dtype
names = ["FloatTensor", "DoubleTensor", "HalfTensor", "LongTensor",
         "IntTensor", "ByteTensor", "BoolTensor"]
for name in names:
    print(f"torch.{name:<13} = {getattr(torch, name).dtype}")
assert isinstance(x.type(), str) and torch.equal(y, x.double())  # check
assert x.type(torch.FloatTensor) is x  # check
assert torch.cuda.LongTensor.is_cuda and torch.cuda.LongTensor.dtype == torch.int64  # check
# --8<-- [end:legacy_type_names]

# --8<-- [start:float_to_int]
import torch

x = torch.tensor([2.7, -2.7, 2.5, 3.5, -0.5])
print(".long():         ", x.long())           # 向零截断
print(".round().long(): ", x.round().long())   # 先取整：.5 取偶数
print(".floor().long(): ", x.floor().long())   # 向下取整
assert torch.equal(x.long(), x.trunc().long())  # check
# --8<-- [end:float_to_int]

# --8<-- [start:to_bool]
import torch

x = torch.tensor([0.0, -0.0, 0.1, -3.0, float("nan")])
print("bool():", x.bool())                     # 只有 0 是 False
mask = torch.tensor([1, 0, 1]).bool()          # 0/1 整数转成掩码
print("掩码:", mask)
assert torch.equal(x.bool(), x != 0)  # check
# --8<-- [end:to_bool]

# --8<-- [start:int_wrap]
import torch

pixels = torch.tensor([-1, 0, 200, 255, 256, 300])   # int64
wrapped = pixels.to(torch.uint8)               # 不报错，按 256 取模
print("直接转 uint8:   ", wrapped)
print("先 clamp 再转换:", pixels.clamp(0, 255).to(torch.uint8))
assert torch.equal(wrapped.long(), pixels % 256)  # check
assert torch.tensor([200]).to(torch.int8).item() == -56  # check
# --8<-- [end:int_wrap]

# --8<-- [start:float_precision]
import torch

ids = torch.tensor([16777216, 16777217, 16777218])   # 2**24 附近
back = ids.float().long()
print("float32 往返:", back)
print("f16 最大值:", torch.finfo(torch.float16).max)
x = torch.tensor([1000.0, 70000.0])
print("half():    ", x.half())                 # 超出范围变成 inf
print("bfloat16():", x.bfloat16())             # 范围够，精度低
assert back[1] != ids[1] and 2**24 == 16777216  # check
near = torch.arange(2**24 - 1000, 2**24 + 1)  # check
assert torch.equal(near.float().long(), near)  # check
assert torch.finfo(torch.float16).max == (2 - 2**-10) * 2**15 == 65504  # check
# --8<-- [end:float_precision]

# --8<-- [start:cast_and_autograd]
import torch

w = torch.tensor([1.5, 2.5], requires_grad=True)
d = w.double()                                 # 浮点到浮点：可导
n = w.long()                                   # 到整数：断开
print("double():", d.requires_grad, type(d.grad_fn).__name__)
print("long():  ", n.requires_grad, n.grad_fn)
d.sum().backward()
print("梯度流回 w:", w.grad)
# --8<-- [end:cast_and_autograd]

# --8<-- [start:promotion_rules]
import torch

i64 = torch.tensor([1, 2])
i32 = torch.tensor([1, 2], dtype=torch.int32)
f16 = torch.tensor([1.0, 2.0], dtype=torch.float16)
f32 = torch.tensor([1.0, 2.0])
f64_0d = torch.tensor(2.0, dtype=torch.float64)    # 0 维张量
cases = {
    "i64 + f32": (i64, f32),      # 类别高的一方胜出
    "f32 + f16": (f32, f16),      # 同类别：取大的
    "i64 + 2.5": (i64, 2.5),      # Python 浮点数：默认浮点类型
    "f16 + 2.5": (f16, 2.5),      # 同类别的 Python 数：不升级
    "f32 + f64_0d": (f32, f64_0d),    # 同类别的 0 维张量：不升级
    "i32 + f64_0d": (i32, f64_0d),    # 类别更高的 0 维张量：用它的
}
for text, (a, b) in cases.items():
    print(f"{text:14} -> {torch.result_type(a, b)}")
for a, b in cases.values():  # check
    assert (a + b).dtype == torch.result_type(a, b)
assert (i32 + 5).dtype == torch.int32  # check
assert (torch.tensor([True]) + 1).dtype == torch.int64  # check
assert (i32 + torch.tensor(5)).dtype == torch.int32  # check
# --8<-- [end:promotion_rules]

# --8<-- [start:promotion_table]
import torch

dtypes = {"bool": torch.bool, "u8": torch.uint8, "i8": torch.int8,
          "i32": torch.int32, "i64": torch.int64, "f16": torch.float16,
          "bf16": torch.bfloat16, "f32": torch.float32,
          "f64": torch.float64}
short = {dt: name for name, dt in dtypes.items()} | {torch.int16: "i16"}
print(f"{'':>5}" + "".join(f"{name:>5}" for name in dtypes))
for name, a in dtypes.items():
    row = [short[torch.promote_types(a, b)] for b in dtypes.values()]
    print(f"{name:>5}" + "".join(f"{r:>5}" for r in row))
for a in dtypes.values():  # check
    for b in dtypes.values():
        t = torch.ones(2, dtype=a) + torch.ones(2, dtype=b)
        assert t.dtype == torch.promote_types(a, b)
# --8<-- [end:promotion_table]

# --8<-- [start:inplace_rules]
import torch

print("can_cast(float32 -> int64):", torch.can_cast(torch.float32, torch.int64))
print("can_cast(int64 -> float32):", torch.can_cast(torch.int64, torch.float32))
print("can_cast(float64 -> float16):",
      torch.can_cast(torch.float64, torch.float16))
f = torch.tensor([1.0, 2.0])
f += torch.tensor([1, 2])                      # 整数写进浮点：可以
print("f:", f, f.dtype)
h = torch.tensor([1.0, 2.0], dtype=torch.float16)
h += torch.tensor([0.5, 0.5], dtype=torch.float64)    # 结果转回 float16
print("h:", h, h.dtype)
# --8<-- [end:inplace_rules]

# --8<-- [start:inplace_int_div]
import torch

counts = torch.tensor([3, 5, 8])
print("counts:", counts.dtype)
try:  # check
    counts.add_(0.5)
except RuntimeError as error:
    assert "can't be cast to the desired output type Long" in str(error)
else:
    raise AssertionError("add_(0.5) on int64 did not fail")
floored = counts.clone()  # check
floored //= 2  # check
assert torch.equal(floored, torch.tensor([1, 2, 4])) and floored.dtype == torch.int64  # check
counts /= 2  # raises: RuntimeError: result type Float can't be cast to the desired output type Long
# --8<-- [end:inplace_int_div]

# --8<-- [start:division]
import torch

a = torch.tensor([7, -7, 6])
b = torch.tensor([2, 2, 3])
print("a / b:  ", a / b)                        # 真除法，结果是浮点
print("a // b: ", a // b)                       # 向下取整，结果是整数
print("trunc:  ", torch.div(a, b, rounding_mode="trunc"))
print("floor:  ", torch.div(a, b, rounding_mode="floor"))
print("a % b:  ", a % b)                        # 与 floor 配对
assert (a / b).dtype == torch.float32  # check
assert torch.equal(a // b, torch.div(a, b, rounding_mode="floor"))  # check
assert torch.equal(a // b, torch.floor_divide(a, b))  # check
assert torch.equal(torch.div(a, b, rounding_mode="trunc"), (a / b).trunc().long())  # check
assert torch.equal(torch.div(a, b, rounding_mode="floor"), (a / b).floor().long())  # check
q = a / b  # check
assert torch.equal(torch.div(a, b, rounding_mode="trunc"), (q.sign() * q.abs().floor()).long())  # check
assert torch.equal(b * (a // b) + a % b, a)  # check
assert torch.equal(b * torch.div(a, b, rounding_mode="trunc") + torch.fmod(a, b), a)  # check
# --8<-- [end:division]

# --8<-- [start:matmul_mixed]
import torch

a = torch.ones(2, 3)                           # float32
c = torch.ones(2, 3, dtype=torch.float64)
print("a + c:", (a + c).dtype)                 # 逐元素运算：提升
b = torch.ones(3, 2, dtype=torch.float64)
try:  # check
    a @ torch.ones(3, 2, dtype=torch.long)
except RuntimeError as error:
    assert "float != long int" in str(error)
else:
    raise AssertionError("float32 @ int64 did not fail")
a @ b  # 矩阵乘法不提升  # raises: RuntimeError: expected m1 and m2 to have the same dtype
# --8<-- [end:matmul_mixed]

# --8<-- [start:bmm_mixed]
import torch

q = torch.ones(2, 3, 4)                          # float32
k = torch.ones(2, 4, 5, dtype=torch.float64)     # 来自 NumPy
try:  # check
    torch.bmm(k.transpose(1, 2), q.transpose(1, 2))
except RuntimeError as error:
    assert "expected scalar type Double but found Float" in str(error)
else:
    raise AssertionError("float64 @ float32 bmm did not fail")
assert torch.bmm(q, k.float()).shape == (2, 3, 5)  # check
torch.bmm(q, k)  # raises: RuntimeError: expected scalar type Float but found Double
# --8<-- [end:bmm_mixed]

# --8<-- [start:linear_double]
import numpy as np
import torch
import torch.nn as nn

layer = nn.Linear(3, 2)                        # 权重是 float32
features = np.random.default_rng(0).random((4, 3))   # float64
x = torch.from_numpy(features)
print("x:", x.dtype, " weight:", layer.weight.dtype)
layer(x)  # raises: RuntimeError: mat1 and mat2 must have the same dtype
# --8<-- [end:linear_double]

# --8<-- [start:linear_fix]
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.Linear(3, 2)
features = np.random.default_rng(0).random((4, 3))   # float64
x = torch.from_numpy(features).float()         # 在数据一侧转换
print("输出:", layer(x).dtype, tuple(layer(x).shape))
as_double = nn.Linear(3, 2).double()(torch.from_numpy(features))  # check
assert as_double.dtype == torch.float64  # check
assert torch.ones(1, dtype=torch.float64).element_size() == 2 * x.element_size()  # check
# --8<-- [end:linear_fix]

# --8<-- [start:linear_long]
import torch
import torch.nn as nn

layer = nn.Linear(3, 2)
x = torch.tensor([[1, 0, 2], [0, 1, 1]])       # 整数特征：int64
layer(x)  # raises: RuntimeError: mat1 and mat2 must have the same dtype, but got Long and Float
# --8<-- [end:linear_long]

# --8<-- [start:conv_double]
import torch
import torch.nn as nn

conv = nn.Conv2d(1, 4, kernel_size=3)
image = torch.rand(1, 1, 8, 8, dtype=torch.float64)
conv(image)  # raises: RuntimeError: Input type (double) and bias type (float) should be the same
# --8<-- [end:conv_double]

# --8<-- [start:bce_long_target]
import torch
import torch.nn as nn

logits = torch.tensor([0.3, -1.2, 2.0])
target = torch.tensor([1, 0, 1])               # int64
assert torch.isfinite(nn.BCEWithLogitsLoss()(logits, target.float()))  # check
nn.BCEWithLogitsLoss()(logits, target)  # raises: RuntimeError: result type Float can't be cast to the desired output type Long
# --8<-- [end:bce_long_target]

# --8<-- [start:loss_promotes]
import torch
import torch.nn.functional as F

pred = torch.tensor([0.5, 1.5, 2.0], requires_grad=True)   # float32
t64 = torch.tensor([1.0, 1.0, 2.0], dtype=torch.float64)
t_int = torch.tensor([1, 1, 2])
loss = F.mse_loss(pred, t64)                   # 不报错，结果是 float64
print("mse(float32, float64):", loss.dtype)
print("mse(float32, int64):  ", F.mse_loss(pred, t_int).dtype)
assert torch.allclose(loss.float(), F.mse_loss(pred, t64.float()))  # check
if torch.__version__ >= "2.13":  # check
    loss.backward()
    assert pred.grad.dtype == torch.float32
else:
    try:
        loss.backward()
    except RuntimeError as error:
        assert "Found dtype Double but expected Float" in str(error)
    else:
        raise AssertionError("mixed-dtype mse_loss backward did not fail")
# --8<-- [end:loss_promotes]
