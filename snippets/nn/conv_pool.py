"""Conv2d、MaxPool2d、AdaptiveAvgPool2d：形状、输出尺寸公式、padding="same"、groups、第一个 Linear 的输入大小、常见报错。"""
# --8<-- [start:shapes]
import torch
import torch.nn as nn

x = torch.randn(8, 3, 32, 32)           # (N, C, H, W)：8 张 3 通道 32x32 图
conv = nn.Conv2d(3, 16, kernel_size=3)  # 3 个输入通道 -> 16 个输出通道
pool = nn.MaxPool2d(2)
gap = nn.AdaptiveAvgPool2d(1)
print("weight:", tuple(conv.weight.shape))   # (out, in, kH, kW)
print("bias:  ", tuple(conv.bias.shape))
y = conv(x)
print("conv:  ", tuple(y.shape))
print("pool:  ", tuple(pool(y).shape))
print("gap:   ", tuple(gap(y).shape))
assert conv.weight.shape == (16, 3, 3, 3)  # check
assert y.shape == (8, 16, 30, 30)  # check
assert pool(y).shape == (8, 16, 15, 15) and gap(y).shape == (8, 16, 1, 1)  # check
# --8<-- [end:shapes]

# --8<-- [start:cross_correlation]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
conv = nn.Conv2d(2, 3, kernel_size=3, stride=2, padding=1, dilation=2)
x = torch.randn(1, 2, 7, 7)
y = conv(x)
w, b = conv.weight, conv.bias
xp = F.pad(x, (1, 1, 1, 1))              # 四边各补 padding=1 个 0
s, d = 2, 2                              # stride, dilation
manual = torch.empty_like(y)
for o in range(3):                       # 输出通道
    for i in range(y.shape[2]):          # 输出的行，从 0 数
        for j in range(y.shape[3]):      # 输出的列，从 0 数
            rows = torch.arange(3) * d + i * s
            cols = torch.arange(3) * d + j * s
            patch = xp[0, :, rows][:, :, cols]   # (C_in, kH, kW)
            manual[0, o, i, j] = (w[o] * patch).sum() + b[o]
print("输出形状:", tuple(y.shape))
print("与逐元素公式一致:", torch.allclose(y, manual, atol=1e-6))
flipped = F.conv2d(x, w.flip(2, 3), b, stride=2, padding=1, dilation=2)
print("与翻转卷积核一致:", torch.allclose(y, flipped, atol=1e-6))
assert torch.allclose(y, manual, atol=1e-6)  # check
assert not torch.allclose(y, flipped, atol=1e-3)  # check
# --8<-- [end:cross_correlation]

# --8<-- [start:output_size]
import torch
import torch.nn as nn


def out_size(h, k, s=1, p=0, d=1):
    # floor((h + 2p - d(k-1) - 1) / s) + 1
    return (h + 2 * p - d * (k - 1) - 1) // s + 1


x = torch.randn(1, 1, 28, 28)
for k, s, p, d in [(3, 1, 0, 1), (3, 1, 1, 1), (5, 2, 2, 1),
                   (3, 2, 0, 1), (3, 1, 0, 2), (7, 2, 3, 1)]:
    conv = nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)
    h = conv(x).shape[2]
    f = out_size(28, k, s, p, d)
    print(f"k={k} s={s} p={p} d={d}: 28 -> {h}  公式: {f}")
    assert h == f  # check
for h in range(9, 20):  # check
    for k, s, p, d in [(3, 2, 1, 1), (4, 3, 2, 2), (5, 2, 0, 1)]:
        conv = nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)
        got = conv(torch.randn(1, 1, h, h)).shape[2]
        assert got == out_size(h, k, s, p, d)
# --8<-- [end:output_size]

# --8<-- [start:maxpool_stride]
import torch
import torch.nn as nn

pool = nn.MaxPool2d(2)                   # 没写 stride
print("stride 默认等于 kernel_size:", pool.stride)
x = torch.arange(25.0).view(1, 1, 5, 5)
print("floor, 5 -> ", nn.MaxPool2d(2)(x).shape[2])
print("ceil,  5 -> ", nn.MaxPool2d(2, ceil_mode=True)(x).shape[2])
print("ceil_mode 的输出:")
print(nn.MaxPool2d(2, ceil_mode=True)(x)[0, 0])
assert pool.stride == 2  # check
neg = -torch.ones(1, 1, 4, 4)  # check
assert nn.MaxPool2d(2, padding=1)(neg).max() == -1  # check
# --8<-- [end:maxpool_stride]

# --8<-- [start:ceil_mode_rule]
import math
import torch
import torch.nn as nn


def pool_size(h, k, s, p, ceil_mode):
    r = (h + 2 * p - (k - 1) - 1) / s
    n = (math.ceil(r) if ceil_mode else math.floor(r)) + 1
    # ceil_mode：最后一个窗口必须从输入或左侧填充里开始
    if ceil_mode and (n - 1) * s >= h + p:
        n -= 1
    return n


for h, k, s, p in [(5, 2, 2, 0), (6, 3, 2, 1), (5, 2, 2, 1)]:
    x = torch.randn(1, 1, h, h)
    f = nn.MaxPool2d(k, s, p)(x).shape[2]
    c = nn.MaxPool2d(k, s, p, ceil_mode=True)(x).shape[2]
    naive = math.ceil((h + 2 * p - k) / s) + 1
    print(f"h={h} k={k} s={s} p={p}: floor {f}, ceil {c}, "
          f"只取上整 {naive}, 公式 {pool_size(h, k, s, p, True)}")
    assert f == pool_size(h, k, s, p, False)  # check
    assert c == pool_size(h, k, s, p, True)  # check
for h in range(4, 16):  # check
    for k, s, p in [(2, 2, 1), (3, 2, 1), (3, 3, 1), (4, 3, 2), (3, 2, 0)]:
        for cm in (False, True):
            got = nn.MaxPool2d(k, s, p, ceil_mode=cm)(torch.randn(1, 1, h, h))
            assert got.shape[2] == pool_size(h, k, s, p, cm)
# --8<-- [end:ceil_mode_rule]

# --8<-- [start:pool_padding_too_big]
import torch
import torch.nn as nn

nn.MaxPool2d(4, padding=2)(torch.randn(1, 1, 8, 8))  # check
pool = nn.MaxPool2d(3, padding=2)        # 构造时不检查
pool(torch.randn(1, 1, 8, 8))  # raises: RuntimeError: pad should be at most half of effective kernel size
# --8<-- [end:pool_padding_too_big]

# --8<-- [start:padding_same]
import torch
import torch.nn as nn

x = torch.randn(1, 2, 9, 9)
for k, d in [(3, 1), (5, 1), (3, 2), (5, 3)]:
    conv = nn.Conv2d(2, 4, k, padding="same", dilation=d)
    print(f"kernel={k} dilation={d}: 9 -> {conv(x).shape[2]}")
    assert conv(x).shape[2:] == x.shape[2:]  # check
valid = nn.Conv2d(2, 4, 3, padding="valid")    # 即 padding=0
print("padding='valid': 9 ->", valid(x).shape[2])
# 奇数卷积核：等于两边各补 d(k-1)/2
conv = nn.Conv2d(2, 4, 5, padding="same", dilation=3)
same = nn.Conv2d(2, 4, 5, padding=6, dilation=3)  # check
same.load_state_dict(conv.state_dict())  # check
assert torch.allclose(conv(x), same(x), atol=1e-6)  # check
# --8<-- [end:padding_same]

# --8<-- [start:padding_same_even]
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(1, 2, 9, 9)
conv = nn.Conv2d(2, 4, 4, padding="same")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    y = conv(x)
print(f"{caught[0].category.__name__}:", str(caught[0].message).split(" (")[0])
print("9 ->", y.shape[2])
# 共要补 k-1 = 3 个：左、上补 1 个，右、下补 2 个
manual = F.conv2d(F.pad(x, (1, 2, 1, 2)), conv.weight, conv.bias)
print("等于左上补 1、右下补 2:", torch.allclose(y, manual, atol=1e-6))
assert torch.allclose(y, manual, atol=1e-6)  # check
other = F.conv2d(F.pad(x, (2, 1, 2, 1)), conv.weight, conv.bias)  # check
assert not torch.allclose(y, other, atol=1e-3)  # check
# --8<-- [end:padding_same_even]

# --8<-- [start:padding_same_strided]
import torch.nn as nn

nn.Conv2d(3, 16, 3, stride=2, padding="same")  # raises: ValueError: padding='same' is not supported for strided
# --8<-- [end:padding_same_strided]

# --8<-- [start:padding_same_by_hand]
import torch
import torch.nn as nn

# 要 stride=2 又想“尺寸减半”：奇数卷积核取 padding=(k-1)//2
conv = nn.Conv2d(3, 16, 3, stride=2, padding=1)
for h in (32, 31):
    out = conv(torch.randn(1, 3, h, h)).shape[2]
    print(f"{h} -> {out}  (= ceil({h} / 2) = {-(-h // 2)})")
    assert out == -(-h // 2)  # check
# --8<-- [end:padding_same_by_hand]

# --8<-- [start:conv_transpose_size]
import torch
import torch.nn as nn


def up_size(h, k, s=1, p=0, d=1, op=0):
    # (h - 1)s - 2p + d(k - 1) + op + 1
    return (h - 1) * s - 2 * p + d * (k - 1) + op + 1


x = torch.randn(1, 1, 7, 7)
for k, s, p, d, op in [(3, 1, 0, 1, 0), (2, 2, 0, 1, 0), (4, 2, 1, 1, 0),
                       (3, 2, 1, 1, 1), (3, 1, 0, 2, 0)]:
    up = nn.ConvTranspose2d(1, 1, k, stride=s, padding=p, dilation=d,
                            output_padding=op)
    h = up(x).shape[2]
    f = up_size(7, k, s, p, d, op)
    print(f"k={k} s={s} p={p} d={d} op={op}: 7 -> {h}  公式: {f}")
    assert h == f  # check
for h in range(3, 12):  # check
    for k, s, p, d, op in [(3, 2, 1, 1, 1), (5, 3, 2, 2, 2), (4, 2, 0, 3, 1)]:
        up = nn.ConvTranspose2d(1, 1, k, stride=s, padding=p, dilation=d, output_padding=op)
        assert up(torch.randn(1, 1, h, h)).shape[2] == up_size(h, k, s, p, d, op)
# --8<-- [end:conv_transpose_size]

# --8<-- [start:conv_transpose_undo]
import torch
import torch.nn as nn

down = nn.Conv2d(1, 1, 3, stride=2, padding=1)
for h in (32, 31):
    x = torch.randn(1, 1, h, h)
    y = down(x)                          # 32 和 31 都变成 16
    sizes = []
    for op in (0, 1):
        up = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=op)
        sizes.append(up(y).shape[2])
    print(f"{h} -> {y.shape[2]} -> output_padding=0: {sizes[0]}, 1: {sizes[1]}")
    # 也可以在前向时用 output_size 指定要哪一个
    up = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)
    print("  output_size=x.shape:", tuple(up(y, output_size=x.shape).shape))
# --8<-- [end:conv_transpose_undo]

# --8<-- [start:output_padding_too_big]
import torch
import torch.nn as nn

x = torch.randn(1, 1, 7, 7)
assert nn.ConvTranspose2d(1, 1, 3, stride=3, dilation=2, output_padding=2)(x).shape[2] == 25  # check
assert nn.ConvTranspose2d(1, 1, 3, stride=2, dilation=3, output_padding=2)(x).shape[2] == 21  # check
up = nn.ConvTranspose2d(1, 1, 3, stride=2, output_padding=2)  # 构造时不检查
up(x)  # output_padding 要小于 stride 或 dilation  # raises: RuntimeError: output padding must be smaller than either stride or dilation
# --8<-- [end:output_padding_too_big]

# --8<-- [start:groups]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
conv = nn.Conv2d(4, 6, 3, groups=2)
print("groups=2 的 weight:", tuple(conv.weight.shape))  # (6, 4/2, 3, 3)
x = torch.randn(1, 4, 8, 8)
# 前 3 个输出通道只看前 2 个输入通道，后 3 个只看后 2 个
w, b = conv.weight, conv.bias
a = F.conv2d(x[:, :2], w[:3], b[:3])
c = F.conv2d(x[:, 2:], w[3:], b[3:])
both = torch.cat([a, c], dim=1)
print("等于两个卷积拼起来:", torch.allclose(conv(x), both, atol=1e-6))
assert torch.allclose(conv(x), torch.cat([a, c], 1), atol=1e-6)  # check
assert conv.weight.shape == (6, 2, 3, 3)  # check
# --8<-- [end:groups]

# --8<-- [start:depthwise]
import torch
import torch.nn as nn
import torch.nn.functional as F


def count(m):
    return sum(p.numel() for p in m.parameters())


torch.manual_seed(0)
C = 32
dw = nn.Conv2d(C, C, 3, padding=1, groups=C)   # depthwise：每个通道一个核
pw = nn.Conv2d(C, 64, 1)                         # pointwise：1x1 混合通道
full = nn.Conv2d(C, 64, 3, padding=1)
print("depthwise weight:", tuple(dw.weight.shape))
print("depthwise + pointwise 参数:", count(dw) + count(pw))
print("普通 3x3 卷积参数:        ", count(full))
x = torch.randn(1, C, 8, 8)
# depthwise 的第 c 个输出通道只由第 c 个输入通道算出（c 从 0 数）
one = F.conv2d(x[:, 5:6], dw.weight[5:6], dw.bias[5:6], padding=1)
print("第 5 通道单独算:", torch.allclose(dw(x)[:, 5:6], one, atol=1e-6))
assert count(dw) == C * 9 + C and count(full) == 64 * C * 9 + 64  # check
assert torch.allclose(dw(x)[:, 5:6], one, atol=1e-6)  # check
# --8<-- [end:depthwise]

# --8<-- [start:groups_not_divisible]
import torch.nn as nn

nn.Conv2d(6, 16, 3, groups=4)  # raises: ValueError: in_channels must be divisible by groups
# --8<-- [end:groups_not_divisible]

# --8<-- [start:groups_out_not_divisible]
import torch.nn as nn

nn.Conv2d(4, 6, 3, groups=4)  # raises: ValueError: out_channels must be divisible by groups
# --8<-- [end:groups_out_not_divisible]

# --8<-- [start:adaptive]
import math
import torch
import torch.nn as nn

gap = nn.AdaptiveAvgPool2d((2, 3))
for h, w in [(7, 7), (10, 5), (3, 3)]:
    print(f"{h}x{w} ->", tuple(gap(torch.randn(1, 1, h, w)).shape[2:]))

# 窗口 i（从 0 数）：[floor(i*H/out), ceil((i+1)*H/out))，窗口可以重叠
x = torch.arange(35.0).view(1, 1, 5, 7)
y = gap(x)
H, W, oh, ow = 5, 7, 2, 3
manual = torch.empty(oh, ow)
for i in range(oh):
    for j in range(ow):
        r0, r1 = i * H // oh, math.ceil((i + 1) * H / oh)
        c0, c1 = j * W // ow, math.ceil((j + 1) * W / ow)
        manual[i, j] = x[0, 0, r0:r1, c0:c1].mean()
rows = [(i * H // oh, math.ceil((i + 1) * H / oh)) for i in range(oh)]
print("行窗口:", rows)
print("与窗口公式一致:", torch.allclose(y[0, 0], manual))
assert torch.allclose(y[0, 0], manual)  # check
x8 = torch.randn(1, 1, 8, 12)  # check
assert nn.AdaptiveAvgPool2d((None, 2))(x8).shape == (1, 1, 8, 2)  # check
assert torch.allclose(nn.AdaptiveAvgPool2d((2, 3))(x8), nn.AvgPool2d(4)(x8))  # check
# --8<-- [end:adaptive]

# --8<-- [start:global_pool]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(4, 16, 13, 9)
g = nn.AdaptiveAvgPool2d(1)(x)
print("AdaptiveAvgPool2d(1):", tuple(g.shape))
print("等于 x.mean((2, 3)):", torch.allclose(g.flatten(1), x.mean((2, 3))))
assert torch.allclose(g.flatten(1), x.mean((2, 3)), atol=1e-6)  # check
# --8<-- [end:global_pool]

# --8<-- [start:linear_in_features]
import torch
import torch.nn as nn

features = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),     # 28 -> 24 -> 12
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),    # 12 -> 8 -> 4
)
# 办法一：按公式逐层算
h = 28
h = (h - 5 + 1) // 2
h = (h - 5 + 1) // 2
print("按公式: 16 *", h, "*", h, "=", 16 * h * h)
# 办法二：用一个假输入跑一遍
with torch.no_grad():
    n = features(torch.zeros(1, 1, 28, 28)).flatten(1).shape[1]
print("假输入跑一遍:", n)
model = nn.Sequential(features, nn.Flatten(), nn.Linear(n, 10))
print("输出:", tuple(model(torch.randn(8, 1, 28, 28)).shape))
assert n == 16 * h * h == 256  # check
# --8<-- [end:linear_in_features]

# --8<-- [start:lazy_linear]
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.MaxPool2d(2),
    nn.Flatten(),
    nn.LazyLinear(10),                   # 不写 in_features
)
print("前向之前:", model[3])
model(torch.zeros(1, 1, 28, 28))         # 第一次前向时确定 in_features
print("前向之后:", model[3])
print("weight:", tuple(model[3].weight.shape))
assert model[3].in_features == 6 * 12 * 12  # check
assert type(model[3]) is nn.Linear  # check
# --8<-- [end:lazy_linear]

# --8<-- [start:adaptive_before_linear]
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1),             # 任意 H, W -> 1x1
    nn.Flatten(),
    nn.Linear(32, 10),                   # in_features 就是通道数
)
for size in (32, 57, 224):
    y = model(torch.randn(2, 3, size, size))
    print(f"{size}x{size} ->", tuple(y.shape))
# --8<-- [end:adaptive_before_linear]

# --8<-- [start:flatten_mismatch]
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(3, 16, 3), nn.ReLU(), nn.MaxPool2d(2),     # 28 -> 26 -> 13
    nn.Flatten(),
    nn.Linear(100, 10),                  # 猜错了：应是 16*13*13 = 2704
)
x = torch.randn(8, 3, 28, 28)
model(x)  # raises: RuntimeError: mat1 and mat2 shapes cannot be multiplied (8x2704 and 100x10)
# --8<-- [end:flatten_mismatch]

# --8<-- [start:view_wrong_batch]
import torch
import torch.nn as nn
import torch.nn.functional as F

features = nn.Sequential(nn.Conv2d(3, 16, 3), nn.MaxPool2d(2))  # 18->16->8
fc = nn.Linear(16 * 4 * 4, 10)           # 算错了：实际是 16 * 8 * 8
x = torch.randn(8, 3, 18, 18)
y = torch.randint(0, 10, (8,))
h = features(x)
print("特征:", tuple(h.shape))
flat = h.view(-1, 16 * 4 * 4)            # -1 把多出来的部分挪进了批次维
print("view(-1, 256):", tuple(flat.shape))
logits = fc(flat)
F.cross_entropy(logits, y)  # raises: ValueError: Expected input batch_size (32) to match target batch_size (8)
# --8<-- [end:view_wrong_batch]

# --8<-- [start:flatten_keeps_batch]
import torch
import torch.nn as nn

h = torch.randn(8, 16, 7, 7)
print("h.flatten(1):          ", tuple(h.flatten(1).shape))
print("h.view(h.size(0), -1): ", tuple(h.view(h.size(0), -1).shape))
print("nn.Flatten()(h):       ", tuple(nn.Flatten()(h).shape))
assert torch.equal(h.flatten(1), nn.Flatten()(h))  # check
# --8<-- [end:flatten_keeps_batch]

# --8<-- [start:missing_channel_dim]
import torch
import torch.nn as nn

conv = nn.Conv2d(1, 6, 5)
img = torch.randn(28, 28)                # 一张灰度图，没有通道维和批次维
conv(img)  # raises: RuntimeError: Expected 3D (unbatched) or 4D (batched) input to conv2d
# --8<-- [end:missing_channel_dim]

# --8<-- [start:gray_batch_no_channel]
import torch
import torch.nn as nn

conv = nn.Conv2d(1, 6, 5)
batch = torch.randn(8, 28, 28)           # 8 张灰度图，少了通道维
# 3 维被当成一张没有批次维的图：8 个通道
conv(batch)  # raises: RuntimeError: Given groups=1, weight of size [6, 1, 5, 5], expected input[1, 8, 28, 28]
# --8<-- [end:gray_batch_no_channel]

# --8<-- [start:gray_batch_fix]
import torch
import torch.nn as nn

conv = nn.Conv2d(1, 6, 5)
batch = torch.randn(8, 28, 28)
print("unsqueeze(1):", tuple(conv(batch.unsqueeze(1)).shape))
img = torch.randn(28, 28)
print("一张图 [None, None]:", tuple(conv(img[None, None]).shape))
# --8<-- [end:gray_batch_fix]

# --8<-- [start:channels_last_input]
import torch
import torch.nn as nn

conv = nn.Conv2d(3, 16, 3)
batch = torch.rand(8, 32, 32, 3)         # 从 NumPy/PIL 来的 (N, H, W, C)
conv(batch)  # raises: RuntimeError: expected input[8, 32, 32, 3] to have 3 channels, but got 32 channels instead
# --8<-- [end:channels_last_input]

# --8<-- [start:channels_last_fix]
import torch
import torch.nn as nn

conv = nn.Conv2d(3, 16, 3)
batch = torch.rand(8, 32, 32, 3)
x = batch.permute(0, 3, 1, 2)            # (N, H, W, C) -> (N, C, H, W)
print("permute 之后:", tuple(x.shape))
print("conv:", tuple(conv(x).shape))
# 不能用 view/reshape：形状对了，像素却被打乱
print("reshape 与 permute 相同:", torch.equal(batch.reshape(8, 3, 32, 32), x))
# --8<-- [end:channels_last_fix]

# --8<-- [start:gray_into_rgb]
import torch
import torch.nn as nn

conv = nn.Conv2d(3, 64, 7, stride=2, padding=3)  # 为 RGB 图设计的第一层
gray = torch.rand(4, 1, 28, 28)                  # 一批灰度图：1 个通道
assert conv(gray.expand(-1, 3, -1, -1)).shape == (4, 64, 14, 14)  # check
conv(gray)  # raises: RuntimeError: expected input[4, 1, 28, 28] to have 3 channels, but got 1 channels instead
# --8<-- [end:gray_into_rgb]

# --8<-- [start:unbatched_flatten]
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(3, 16, 3), nn.Flatten(), nn.Linear(16 * 30 * 30, 10)
)
img = torch.randn(3, 32, 32)             # 一张图，忘了加批次维
print("conv 照样能算:", tuple(model[0](img).shape))
print("Flatten 把通道当成了批次:", tuple(model[1](model[0](img)).shape))
model(img)  # raises: RuntimeError: mat1 and mat2 shapes cannot be multiplied (16x900 and 14400x10)
# --8<-- [end:unbatched_flatten]

# --8<-- [start:uint8_input]
import torch
import torch.nn as nn

conv = nn.Conv2d(3, 16, 3)
img = torch.randint(0, 256, (1, 3, 32, 32), dtype=torch.uint8)   # 原始像素
conv(img)  # raises: RuntimeError: Input type (unsigned char) and bias type (float) should be the same
# --8<-- [end:uint8_input]

# --8<-- [start:uint8_no_bias]
import torch
import torch.nn as nn

conv = nn.Conv2d(3, 16, 3, bias=False)
img = torch.randint(0, 256, (1, 3, 32, 32), dtype=torch.uint8)
conv(img)  # raises: RuntimeError: expected scalar type Byte but found Float
# --8<-- [end:uint8_no_bias]

# --8<-- [start:uint8_fix]
import torch
import torch.nn as nn

conv = nn.Conv2d(3, 16, 3)
img = torch.randint(0, 256, (1, 3, 32, 32), dtype=torch.uint8)
x = img.float() / 255                    # 转成浮点并缩放到 [0, 1]
print("dtype:", x.dtype, " conv:", tuple(conv(x).shape))
# --8<-- [end:uint8_fix]

# --8<-- [start:input_too_small]
import torch
import torch.nn as nn

features = nn.Sequential(
    nn.Conv2d(3, 8, 3), nn.MaxPool2d(2),      # 16 -> 14 -> 7
    nn.Conv2d(8, 8, 3), nn.MaxPool2d(2),      # 7 -> 5 -> 2
    nn.Conv2d(8, 8, 3),                       # 2 < 3
)
features(torch.randn(1, 3, 16, 16))  # raises: RuntimeError: Kernel size can't be greater than actual input size
# --8<-- [end:input_too_small]

# --8<-- [start:pool_output_too_small]
import torch
import torch.nn as nn

features = nn.Sequential(
    nn.Conv2d(3, 8, 3, padding=1), nn.MaxPool2d(2),   # 4 -> 2
    nn.MaxPool2d(2),                                   # 2 -> 1
    nn.MaxPool2d(2),                                   # 1 -> 0
)
features(torch.randn(1, 3, 4, 4))  # raises: RuntimeError: Output size is too small
# --8<-- [end:pool_output_too_small]

# --8<-- [start:conv1d]
import torch
import torch.nn as nn

torch.manual_seed(0)
# (N, C_in, L)：4 条序列，每步 8 个特征，长 50
x = torch.randn(4, 8, 50)
conv = nn.Conv1d(8, 16, kernel_size=3, padding=1)
pool = nn.MaxPool1d(2)
print("weight:", tuple(conv.weight.shape))         # (C_out, C_in, k)
print("Conv1d:", tuple(conv(x).shape))
print("MaxPool1d:", tuple(pool(conv(x)).shape))
print("全局池化:", tuple(conv(x).amax(dim=-1).shape))   # 每个通道在整条序列上取最大
assert torch.equal(nn.AdaptiveMaxPool1d(1)(conv(x)).squeeze(-1), conv(x).amax(dim=-1))  # check
# --8<-- [end:conv1d]

# --8<-- [start:conv1d_layout]
import torch
import torch.nn as nn

torch.manual_seed(0)
emb = nn.Embedding(100, 8)
tokens = torch.randint(0, 100, (4, 10))            # (N, L)：4 句话，每句 10 个词
h = emb(tokens)                                    # (N, L, D)
conv = nn.Conv1d(8, 16, kernel_size=3, padding=1)
y = conv(h.transpose(1, 2))                        # (N, D, L)：特征维当通道
print("h:", tuple(h.shape), " conv 输入:", tuple(h.transpose(1, 2).shape))
print("y:", tuple(y.shape), " 换回 (N, L, C):", tuple(y.transpose(1, 2).shape))
conv(h)                                            # 没有换维：把长度 10 当成了通道  # raises: RuntimeError: expected input[4, 10, 8] to have 8 channels, but got 10 channels instead
# --8<-- [end:conv1d_layout]

# --8<-- [start:conv1d_kernel1]
import torch
import torch.nn as nn

torch.manual_seed(0)
conv = nn.Conv1d(8, 16, kernel_size=1)
linear = nn.Linear(8, 16)
with torch.no_grad():
    linear.weight.copy_(conv.weight.squeeze(-1))   # (16, 8, 1) -> (16, 8)
    linear.bias.copy_(conv.bias)
x = torch.randn(4, 8, 50)
by_linear = linear(x.transpose(1, 2)).transpose(1, 2)   # (N, L, C) 上做 Linear
same = torch.allclose(conv(x), by_linear, atol=1e-6)
print("kernel_size=1 的 Conv1d 等于在每个位置上做 Linear:", same)
assert same  # check
# --8<-- [end:conv1d_kernel1]
