"""torch.nn.init：gain、fan、xavier/kaiming/orthogonal，默认初始化的范围，no_grad 与 Module.apply。"""
# --8<-- [start:gain]
import math

import torch.nn as nn

for name, param in [("linear", None), ("conv2d", None), ("sigmoid", None),
                    ("tanh", None), ("relu", None), ("leaky_relu", None),
                    ("leaky_relu", 0.2), ("selu", None)]:
    gain = nn.init.calculate_gain(name, param)
    label = name if param is None else f"{name}({param})"
    print(f"{label:16s} {gain:.4f}")
assert nn.init.calculate_gain("relu") == math.sqrt(2)  # check
assert nn.init.calculate_gain("tanh") == 5 / 3  # check
assert nn.init.calculate_gain("leaky_relu") == math.sqrt(2 / (1 + 0.01**2))  # check
assert nn.init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2 / 1.04)  # check
# --8<-- [end:gain]

# --8<-- [start:fan]
import torch.nn as nn

linear = nn.Linear(in_features=20, out_features=30)
conv = nn.Conv2d(in_channels=16, out_channels=32, kernel_size=3)
for name, w in [("Linear", linear.weight), ("Conv2d", conv.weight)]:
    receptive = w[0, 0].numel()                # 卷积核的 kh * kw；Linear 为 1
    fan_in = w.shape[1] * receptive
    fan_out = w.shape[0] * receptive
    print(f"{name}: weight {tuple(w.shape)}  fan_in={fan_in}  "
          f"fan_out={fan_out}")
    assert (fan_in, fan_out) == nn.init._calculate_fan_in_and_fan_out(w)  # check
# --8<-- [end:fan]

# --8<-- [start:xavier_uniform]
import math

import torch
import torch.nn as nn

torch.manual_seed(0)
w = torch.empty(256, 512)                      # fan_out = 256, fan_in = 512
nn.init.xavier_uniform_(w)
a = math.sqrt(6 / (512 + 256))
print(f"a = sqrt(6 / (fan_in + fan_out)) = {a:.4f}")
print(f"max|w| = {w.abs().max():.4f}")
print(f"std    = {w.std():.4f}  a / sqrt(3) = {a / math.sqrt(3):.4f}")
nn.init.xavier_normal_(w)                      # 正态分布，std 相同
print(f"xavier_normal_ 的 std = {w.std():.4f}")
assert abs(w.std() / (a / math.sqrt(3)) - 1) < 0.01  # check

gain = nn.init.calculate_gain("tanh")
nn.init.xavier_uniform_(w, gain=gain)          # 后面接 tanh 时
print(f"gain = 5/3 时 max|w| = {w.abs().max():.4f}  上限 {gain * a:.4f}")
assert w.abs().max() <= gain * a and w.abs().max() > 0.999 * gain * a  # check
assert abs(w.std() / (gain * a / math.sqrt(3)) - 1) < 0.01  # check
# --8<-- [end:xavier_uniform]

# --8<-- [start:kaiming_normal]
import math

import torch
import torch.nn as nn

torch.manual_seed(0)
w = torch.empty(64, 32, 3, 3)                  # fan_in = 288，fan_out = 576
for mode, fan in [("fan_in", 32 * 9), ("fan_out", 64 * 9)]:
    nn.init.kaiming_normal_(w, mode=mode, nonlinearity="relu")
    std = math.sqrt(2) / math.sqrt(fan)
    print(f"mode={mode:7s} std={w.std():.4f}  sqrt(2 / {fan}) = {std:.4f}")
    assert abs(w.std() / std - 1) < 0.02 and abs(w.mean()) < 0.05 * std  # check

# 默认 nonlinearity="leaky_relu"、a=0：gain 也是 sqrt(2)
torch.manual_seed(1)
nn.init.kaiming_normal_(w)
w_default = w.clone()
torch.manual_seed(1)
nn.init.kaiming_normal_(w, nonlinearity="relu")
print("默认参数与 nonlinearity='relu' 相同:", torch.equal(w, w_default))
# --8<-- [end:kaiming_normal]

# --8<-- [start:orthogonal]
import torch
import torch.nn as nn

torch.manual_seed(0)
wide = nn.init.orthogonal_(torch.empty(3, 5))  # 行数 <= 列数：各行正交
tall = nn.init.orthogonal_(torch.empty(5, 3))  # 行数 > 列数：各列正交
torch.set_printoptions(precision=4)
print("wide @ wide.T =\n", (wide @ wide.T).abs().round(decimals=4))
print("tall.T @ tall =\n", (tall.T @ tall).abs().round(decimals=4))
scaled = nn.init.orthogonal_(torch.empty(4, 4), gain=2.0)
print("gain=2 的奇异值:", torch.linalg.svdvals(scaled))
assert torch.allclose(wide @ wide.T, torch.eye(3), atol=1e-5)  # check
assert torch.allclose(tall.T @ tall, torch.eye(3), atol=1e-5)  # check
assert torch.allclose(torch.linalg.svdvals(scaled), torch.full((4,), 2.0))  # check
# --8<-- [end:orthogonal]

# --8<-- [start:depth]
import torch
import torch.nn as nn

def rms_per_layer(init, depth=6, width=512):
    torch.manual_seed(0)
    h = torch.randn(64, width)
    out = []
    for _ in range(depth):
        layer = nn.Linear(width, width)
        init(layer)
        with torch.no_grad():
            h = torch.relu(layer(h))
        out.append(h.pow(2).mean().sqrt().item())
    return out

def kaiming(layer):
    nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
    nn.init.zeros_(layer.bias)

def xavier(layer):
    nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)

# 每层 ReLU 输出的均方根，第 1 层到第 6 层
results = {"默认初始化": rms_per_layer(lambda layer: None),
           "xavier_uniform_": rms_per_layer(xavier),
           "kaiming_normal_": rms_per_layer(kaiming)}
for name, rms in results.items():
    print(" ".join(f"{r:.3f}" for r in rms), "", name)
d, x = results["默认初始化"], results["xavier_uniform_"]
assert all(abs(r - 1) < 0.15 for r in results["kaiming_normal_"])  # check
assert abs(x[0] - 2**-0.5) < 0.02 and abs(d[0] - 6**-0.5) < 0.02  # check
assert all(abs(b / a - 2**-0.5) < 0.05 for a, b in zip(x, x[1:]))  # check
# --8<-- [end:depth]

# --8<-- [start:default_init]
import math

import torch
import torch.nn as nn

torch.manual_seed(0)
layers = {"Linear(256, 10)": nn.Linear(256, 10),
          "Conv2d(16, 32, 3)": nn.Conv2d(16, 32, 3),
          "Conv2d(16, 16, 3, groups=16)": nn.Conv2d(16, 16, 3, groups=16)}
for name, layer in layers.items():
    fan_in = layer.weight[0].numel()           # (in / groups) * kh * kw
    bound = 1 / math.sqrt(fan_in)
    print(f"{name:28s} fan_in={fan_in:3d}  1/sqrt(fan_in)={bound:.4f}")
    print(f"{'':28s} max|w|={layer.weight.abs().max():.4f}"
          f"  max|b|={layer.bias.abs().max():.4f}")
    assert layer.weight.abs().max() <= bound  # check
    assert layer.bias.abs().max() <= bound  # check
    assert layer.weight.abs().max() > 0.9 * bound  # check
# --8<-- [end:default_init]

# --8<-- [start:default_vs_he]
import math

import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.Linear(1024, 1024)
default_std = layer.weight.std().item()
he_std = math.sqrt(2 / 1024)                   # kaiming_normal_(relu) 的 std
print(f"默认初始化的 std: {default_std:.5f}"
      f"  1/sqrt(3 * fan_in) = {1 / math.sqrt(3 * 1024):.5f}")
print(f"He 初始化的 std:  {he_std:.5f}")
print(f"相差 {he_std / default_std:.2f} 倍，sqrt(6) = {math.sqrt(6):.2f}")
assert abs(default_std * math.sqrt(3 * 1024) - 1) < 0.01  # check

old = layer.weight.clone()
layer.reset_parameters()                       # 重新抽取默认初始值
print("reset_parameters 之后权重变了:", not torch.equal(layer.weight, old))
# --8<-- [end:default_vs_he]

# --8<-- [start:no_grad]
import torch
import torch.nn as nn

layer = nn.Linear(3, 2)
pretrained = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
with torch.no_grad():
    layer.weight.copy_(pretrained)             # 写入已有的数值
    layer.bias.fill_(0.5)
print("weight:", layer.weight.tolist())
print("bias:", layer.bias.tolist())
print("仍是叶子张量:", layer.weight.is_leaf,
      " requires_grad:", layer.weight.requires_grad)
assert torch.equal(layer.weight.detach(), pretrained)  # check
# --8<-- [end:no_grad]

# --8<-- [start:no_grad_missing]
import torch.nn as nn

layer = nn.Linear(3, 2)
layer.weight.normal_(0, 0.02)  # raises: RuntimeError: a leaf Variable that requires grad
# --8<-- [end:no_grad_missing]

# --8<-- [start:apply]
import torch
import torch.nn as nn

@torch.no_grad()                               # 手写的原地修改也安全
def init_weights(m):
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        if m.bias is not None:                 # bias=False 时 m.bias 是 None
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.ones_(m.weight)
        nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Linear):
        m.weight.normal_(0, 0.01)
        m.bias.zero_()

torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(3, 64, 3, bias=False), nn.BatchNorm2d(64),
                    nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                    nn.Linear(64, 4))
net.apply(init_weights)
for name, p in net.named_parameters():
    print(f"{name:9s} mean={p.mean():+.4f}  std={p.std():.4f}")
assert torch.equal(net[5].bias, torch.zeros(4))  # check
bn = nn.BatchNorm2d(64)  # check
assert torch.equal(bn.weight, torch.ones(64)) and not bn.bias.any()  # check
assert all(p.requires_grad and p.is_leaf for p in net.parameters())  # check
# --8<-- [end:apply]

# --8<-- [start:old_names]
import warnings

import torch
import torch.nn as nn

w = torch.empty(3, 5)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    out = nn.init.xavier_uniform(w)                # 旧名字，末尾没有下划线
print(f"{caught[0].category.__name__}: {caught[0].message}")
print("照样原地初始化了 w:", out is w, bool(w.abs().sum() > 0))
assert caught[0].category is FutureWarning  # check
assert out is w  # check
# --8<-- [end:old_names]

# --8<-- [start:bias_1d]
import torch.nn as nn

layer = nn.Linear(4, 3)
nn.init.xavier_uniform_(layer.weight)          # 二维：可以
nn.init.xavier_uniform_(layer.bias)  # raises: ValueError: Fan in and fan out can not be computed
# --8<-- [end:bias_1d]

# --8<-- [start:bias_none]
import torch.nn as nn

conv = nn.Conv2d(3, 8, 3, bias=False)          # 后面接 BatchNorm 时常见
nn.init.zeros_(conv.bias)  # raises: AttributeError: 'NoneType' object has no attribute 'zero_'
# --8<-- [end:bias_none]

# --8<-- [start:bad_nonlinearity]
import torch
import torch.nn as nn

w = torch.empty(8, 4)
nn.init.kaiming_normal_(w, nonlinearity="gelu")  # raises: ValueError: Unsupported nonlinearity gelu
# --8<-- [end:bad_nonlinearity]

# --8<-- [start:module_not_tensor]
import torch.nn as nn

layer = nn.Linear(4, 3)
nn.init.xavier_uniform_(layer)  # raises: AttributeError: 'Linear' object has no attribute 'dim'
# --8<-- [end:module_not_tensor]
