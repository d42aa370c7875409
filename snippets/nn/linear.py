"""nn.Linear：权重形状 (out, in)，y = x W^T + b，任意前导维度，默认初始化的范围。"""
# --8<-- [start:shape]
import torch
import torch.nn as nn

layer = nn.Linear(in_features=4, out_features=3)
# (out_features, in_features)，不是 (in, out)
print("weight:", tuple(layer.weight.shape), "| bias:", tuple(layer.bias.shape))
assert layer.weight.shape == (3, 4)  # check
assert layer.bias.shape == (3,)  # check
# --8<-- [end:shape]

# --8<-- [start:formula]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
layer = nn.Linear(4, 3)
x = torch.randn(5, 4)                  # 5 个样本，每个 4 维
y = layer(x)
manual = x @ layer.weight.T + layer.bias    # y = x W^T + b
functional = F.linear(x, layer.weight, layer.bias)
print("y:", tuple(y.shape))
assert y.shape == (5, 3)  # check
print("与 x @ W.T + b 接近:", torch.allclose(y, manual))
# 模块的 forward 就是调用 F.linear
print("与 F.linear 逐位相同:", torch.equal(y, functional))
# --8<-- [end:formula]

# --8<-- [start:formula_untransposed]
import torch
import torch.nn as nn

layer = nn.Linear(4, 3)
x = torch.randn(5, 4)
x @ layer.weight + layer.bias  # 按 y = XW + b 来写：形状对不上  # raises: RuntimeError: cannot be multiplied
# --8<-- [end:formula_untransposed]

# --8<-- [start:batch_dims]
import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.Linear(4, 3)
x = torch.randn(2, 7, 4)               # (batch, seq, in_features)
y = layer(x)
print(tuple(x.shape), "->", tuple(y.shape))   # 只变最后一维
assert y.shape == (2, 7, 3)  # check
flat = x.reshape(-1, 4) @ layer.weight.T + layer.bias   # 拉平成 (14, 4) 再算
print("与拉平后计算一致:", torch.allclose(y, flat.reshape(2, 7, 3)))
# --8<-- [end:batch_dims]

# --8<-- [start:batch_dims_mismatch]
import torch
import torch.nn as nn

layer = nn.Linear(4, 3)
layer(torch.randn(2, 5))  # 最后一维必须等于 in_features  # raises: RuntimeError: cannot be multiplied
# --8<-- [end:batch_dims_mismatch]

# --8<-- [start:dtype_mismatch]
import numpy as np
import torch
import torch.nn as nn

layer = nn.Linear(4, 3)
a = np.random.rand(2, 4)               # NumPy 默认 float64
x = torch.from_numpy(a)                # 保留 float64
print("输入:", x.dtype, "| 权重:", layer.weight.dtype)
layer(x)  # raises: RuntimeError: mat1 and mat2 must have the same dtype
# --8<-- [end:dtype_mismatch]

# --8<-- [start:dtype_fix]
import numpy as np
import torch
import torch.nn as nn

layer = nn.Linear(4, 3)
a = np.random.rand(2, 4)
x = torch.from_numpy(a).float()        # 转成 float32
y = layer(x)
print("输入:", x.dtype, "| 输出:", y.dtype, tuple(y.shape))
assert y.dtype == torch.float32 and y.shape == (2, 3)  # check
# --8<-- [end:dtype_fix]

# --8<-- [start:port_weights]
import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.Linear(4, 3)
# 别处（NumPy、Keras 等）按 (in, out) 存的权重
W_in_out = torch.randn(4, 3)
b = torch.randn(3)
with torch.no_grad():
    layer.weight.copy_(W_in_out.T)     # 转置成 (out, in) 再拷进去
    layer.bias.copy_(b)
x = torch.randn(5, 4)
print("与 x @ W_in_out + b 一致:", torch.allclose(layer(x), x @ W_in_out + b))
# --8<-- [end:port_weights]

# --8<-- [start:port_square]
import torch
import torch.nn as nn

torch.manual_seed(0)
square = nn.Linear(3, 3)
W_sq = torch.randn(3, 3)               # in == out：忘了转置也不报错
with torch.no_grad():
    square.weight.copy_(W_sq)
x = torch.randn(5, 3)
y = square(x)
# 但结果是错的
print("与 x @ W_sq + b 一致:", torch.allclose(y, x @ W_sq + square.bias))
# --8<-- [end:port_square]

# --8<-- [start:init]
import math

import torch
import torch.nn as nn

torch.manual_seed(0)
for fan_in in (4, 64, 1024):
    layer = nn.Linear(fan_in, 32)
    bound = 1 / math.sqrt(fan_in)
    w_max = layer.weight.abs().max().item()
    b_max = layer.bias.abs().max().item()
    assert w_max <= bound and b_max <= bound  # check
    print(f"in_features={fan_in:4d}  bound={bound:.6f}  "
          f"max|w|={w_max:.6f}  max|b|={b_max:.6f}")

# 权重正是 kaiming_uniform_(a=sqrt(5)) 的结果：同一种子下逐位相同
torch.manual_seed(1)
layer = nn.Linear(64, 32)
torch.manual_seed(1)
w = torch.empty(32, 64)
nn.init.kaiming_uniform_(w, a=math.sqrt(5))
print("与 kaiming_uniform_ 逐位相同:", torch.equal(layer.weight, w))
# --8<-- [end:init]

# --8<-- [start:no_bias]
import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.Linear(4, 3, bias=False)
print("bias:", layer.bias)
print([name for name, _ in layer.named_parameters()])
assert layer.bias is None  # check
assert [name for name, _ in layer.named_parameters()] == ["weight"]  # check
x = torch.randn(5, 4)
print("y = x W^T:", torch.allclose(layer(x), x @ layer.weight.T))

# 后接 BatchNorm（训练模式）时，偏置被减均值抵消：有没有偏置，输出一样
with_bias = nn.Linear(4, 3)
with torch.no_grad():
    layer.weight.copy_(with_bias.weight)
bn = nn.BatchNorm1d(3, affine=False)
same = torch.allclose(bn(with_bias(x)), bn(layer(x)), atol=1e-6)
print("BatchNorm(有偏置) 与 BatchNorm(无偏置) 一致:", same)
# --8<-- [end:no_bias]

# --8<-- [start:float_features]
import torch.nn as nn

channels, side = 16, 28                # 池化后边长减半
good = channels * (side // 2) ** 2     # `//` 得到 int
bad = channels * (side / 2) ** 2       # `/` 总是得到 float
print(good, bad)
print(nn.Linear(good, 10))
print(nn.Linear(int(bad), 10))
def message(call):  # check
    try:
        call()
    except TypeError as error:
        return str(error)
import torch  # check
if torch.__version__ >= "2.13":  # check
    assert message(lambda: nn.Linear(10, bad)) == ("empty(): argument 'size' (position 1) must be tuple of ints, but found element of type float at pos 0")
else:  # older torch (2.11) still gives the old message here
    assert message(lambda: nn.Linear(10, bad)).startswith("empty() received an invalid combination of arguments - got (tuple, dtype=NoneType, device=NoneType)")
import numpy as np  # check
assert message(lambda: nn.Linear(np.float64(8), 10)).endswith("but got numpy.float64\"")  # check
nn.Linear(bad, 10)  # raises: TypeError: empty(): argument 'size' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"
# --8<-- [end:float_features]
