"""nn.Linear：权重形状 (out, in)，y = x W^T + b，任意前导维度，默认初始化的范围。"""
# --8<-- [start:imports]
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
# --8<-- [end:imports]

# --8<-- [start:shape]
torch.manual_seed(0)
layer = nn.Linear(in_features=4, out_features=3)
print("weight:", tuple(layer.weight.shape), "| bias:", tuple(layer.bias.shape))
# (out_features, in_features)，不是 (in, out)
assert layer.weight.shape == (3, 4)
assert layer.bias.shape == (3,)
# --8<-- [end:shape]

# --8<-- [start:formula]
x = torch.randn(5, 4)                  # 5 个样本，每个 4 维
y = layer(x)
manual = x @ layer.weight.T + layer.bias    # y = x W^T + b
functional = F.linear(x, layer.weight, layer.bias)
print("y:", tuple(y.shape))
assert y.shape == (5, 3)
assert torch.allclose(y, manual)
assert torch.equal(y, functional)      # 模块的 forward 就是调用 F.linear

try:
    x @ layer.weight + layer.bias      # 按 y = XW + b 来写：形状对不上
except RuntimeError as e:
    assert "cannot be multiplied" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:formula]

# --8<-- [start:batch_dims]
x = torch.randn(2, 7, 4)               # (batch, seq, in_features)
y = layer(x)
print(tuple(x.shape), "->", tuple(y.shape))
assert y.shape == (2, 7, 3)            # 只变最后一维
assert torch.allclose(y, (x.reshape(-1, 4) @ layer.weight.T + layer.bias).reshape(2, 7, 3))

try:
    layer(torch.randn(2, 5))           # 最后一维必须等于 in_features
except RuntimeError as e:
    assert "cannot be multiplied" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:batch_dims]

# --8<-- [start:port_weights]
# 别处（NumPy、Keras 等）按 (in, out) 存的权重
W_in_out = torch.randn(4, 3)
b = torch.randn(3)
with torch.no_grad():
    layer.weight.copy_(W_in_out.T)     # 转置成 (out, in) 再拷进去
    layer.bias.copy_(b)
x = torch.randn(5, 4)
assert torch.allclose(layer(x), x @ W_in_out + b)
print("移植后与 x @ W_in_out + b 一致")

square = nn.Linear(3, 3)
W_sq = torch.randn(3, 3)               # in == out：忘了转置也不报错
with torch.no_grad():
    square.weight.copy_(W_sq)
x3 = torch.randn(5, 3)
assert not torch.allclose(square(x3), x3 @ W_sq + square.bias)   # 但结果是错的
# --8<-- [end:port_weights]

# --8<-- [start:init]
torch.manual_seed(0)
for fan_in in (4, 64, 1024):
    layer = nn.Linear(fan_in, 32)
    bound = 1 / math.sqrt(fan_in)
    w_max = layer.weight.abs().max().item()
    b_max = layer.bias.abs().max().item()
    assert w_max <= bound and b_max <= bound
    print(f"in_features={fan_in:4d}  bound={bound:.6f}  max|w|={w_max:.6f}  max|b|={b_max:.6f}")

# 权重正是 kaiming_uniform_(a=sqrt(5)) 的结果：同一种子下逐位相同
torch.manual_seed(1)
layer = nn.Linear(64, 32)
torch.manual_seed(1)
w = torch.empty(32, 64)
nn.init.kaiming_uniform_(w, a=math.sqrt(5))
assert torch.equal(layer.weight, w)
print("与 kaiming_uniform_(w, a=math.sqrt(5)) 逐位相同")
# --8<-- [end:init]

# --8<-- [start:no_bias]
layer = nn.Linear(4, 3, bias=False)
print("bias:", layer.bias)
print([name for name, _ in layer.named_parameters()])
assert layer.bias is None
assert [name for name, _ in layer.named_parameters()] == ["weight"]
x = torch.randn(5, 4)
assert torch.allclose(layer(x), x @ layer.weight.T)

# 后接 BatchNorm（训练模式）时，偏置被减均值抵消：有没有偏置，输出一样
with_bias = nn.Linear(4, 3)
with torch.no_grad():
    layer.weight.copy_(with_bias.weight)
bn = nn.BatchNorm1d(3, affine=False)
assert torch.allclose(bn(with_bias(x)), bn(layer(x)), atol=1e-6)
print("BatchNorm(有偏置) 与 BatchNorm(无偏置) 一致")
# --8<-- [end:no_bias]
