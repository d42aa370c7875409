"""归一化层：BatchNorm1d/2d（运行统计量、momentum、eval、track_running_stats）、LayerNorm、GroupNorm，公式逐一手算核对。"""
# --8<-- [start:which_dims]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(4, 6, 5, 5) * 3 + 2      # (N, C, H, W)
layers = {
    "BatchNorm2d(6)": nn.BatchNorm2d(6),
    "LayerNorm([6, 5, 5])": nn.LayerNorm([6, 5, 5]),
    "GroupNorm(3, 6)": nn.GroupNorm(3, 6),
}
dims = {                                 # 每个均值、方差是在哪些维上算的
    "BatchNorm2d(6)": (0, 2, 3),
    "LayerNorm([6, 5, 5])": (1, 2, 3),
    "GroupNorm(3, 6)": (2, 3, 4),
}
for name, layer in layers.items():
    y = layer(x)
    if name.startswith("Group"):
        y = y.view(4, 3, 2, 5, 5)        # (N, 组, 每组通道, H, W)
    m = y.mean(dims[name])
    v = y.var(dims[name], unbiased=False)
    ok = m.abs().max() < 1e-5 and (v - 1).abs().max() < 1e-3
    print(f"{name:21s} 统计量形状 {tuple(m.shape)}  均值 0、方差 1: {ok}")
    assert m.abs().max() < 1e-5 and (v - 1).abs().max() < 1e-3  # check
# --8<-- [end:which_dims]

# --8<-- [start:batchnorm_formula]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm2d(3)
with torch.no_grad():
    bn.weight.copy_(torch.tensor([1.0, 2.0, 0.5]))   # gamma
    bn.bias.copy_(torch.tensor([0.0, 1.0, -1.0]))    # beta
x = torch.randn(4, 3, 5, 5)
y = bn(x)                                # 新建的模块处于训练模式
print("weight、bias 的形状:", tuple(bn.weight.shape), tuple(bn.bias.shape))
# 每个通道 c：在 N、H、W 上求均值和有偏方差
mu = x.mean(dim=(0, 2, 3), keepdim=True)
var = x.var(dim=(0, 2, 3), unbiased=False, keepdim=True)
g, b = bn.weight.view(1, 3, 1, 1), bn.bias.view(1, 3, 1, 1)
manual = (x - mu) / torch.sqrt(var + bn.eps) * g + b
print("与公式一致:", torch.allclose(y, manual, atol=1e-5))
print("eps:", bn.eps)
assert torch.allclose(y, manual, atol=1e-5)  # check
unb = (x - mu) / torch.sqrt(x.var(dim=(0, 2, 3), keepdim=True) + bn.eps) * g + b  # check
assert not torch.allclose(y, unb, atol=1e-4)  # check
x2 = torch.randn(6, 3)  # check
y2 = nn.BatchNorm1d(3)(x2)  # check
m2, v2 = x2.mean(0), x2.var(0, unbiased=False)  # check
assert torch.allclose(y2, (x2 - m2) / torch.sqrt(v2 + 1e-5), atol=1e-5)  # check
# --8<-- [end:batchnorm_formula]

# --8<-- [start:batch_dependence]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm2d(3)
a = torch.randn(1, 3, 4, 4)              # 同一个样本
others1 = torch.randn(7, 3, 4, 4)
others2 = torch.randn(7, 3, 4, 4) + 5    # 换一批“同伴”
y1 = bn(torch.cat([a, others1]))[0]
y2 = bn(torch.cat([a, others2]))[0]
print("训练模式，同一样本的输出相同:", torch.allclose(y1, y2))
bn.eval()
y1 = bn(torch.cat([a, others1]))[0]
y2 = bn(torch.cat([a, others2]))[0]
print("评估模式，同一样本的输出相同:", torch.allclose(y1, y2))
print("评估模式，单独算也相同:", torch.allclose(bn(a)[0], y1))
# --8<-- [end:batch_dependence]

# --8<-- [start:running_stats]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm2d(3)                   # momentum 默认 0.1
print("初始 running_mean:", bn.running_mean.tolist())
print("初始 running_var: ", bn.running_var.tolist())
m = bn.momentum
mean_hat, var_hat = torch.zeros(3), torch.ones(3)
for step in range(3):
    x = torch.randn(8, 3, 4, 4) * 2 + 1  # 均值 1，方差 4
    bn(x)
    n = x.numel() / 3                    # 每个通道 N*H*W 个值
    mu = x.mean(dim=(0, 2, 3))
    var = x.var(dim=(0, 2, 3), unbiased=False)
    mean_hat = (1 - m) * mean_hat + m * mu
    var_hat = (1 - m) * var_hat + m * var * n / (n - 1)   # 无偏方差
print("3 步后 running_mean:", [round(v, 4) for v in bn.running_mean.tolist()])
print("按公式:            ", [round(v, 4) for v in mean_hat.tolist()])
print("running_var 按公式:", torch.allclose(bn.running_var, var_hat))
print("num_batches_tracked:", bn.num_batches_tracked.item())
print("缓冲区:", [name for name, _ in bn.named_buffers()])
assert torch.allclose(bn.running_mean, mean_hat)  # check
assert torch.allclose(bn.running_var, var_hat)  # check
before = bn.running_mean.clone()  # check
with torch.no_grad():  # check
    bn(x)
assert not torch.equal(bn.running_mean, before)  # check
# --8<-- [end:running_stats]

# --8<-- [start:momentum_none]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(2, momentum=None)    # 累积平均：所有批次一样重
means, variances = [], []
for step in range(4):
    x = torch.randn(16, 2) + step        # 每批的均值不同
    bn(x)
    means.append(x.mean(dim=0))
    variances.append(x.var(dim=0))  # check
avg = torch.stack(means).mean(dim=0)
print("running_mean:    ", [round(v, 4) for v in bn.running_mean.tolist()])
print("各批均值的平均:  ", [round(v, 4) for v in avg.tolist()])
assert torch.allclose(bn.running_mean, avg, atol=1e-6)  # check
var_avg = torch.stack(variances).mean(dim=0)  # check
assert torch.allclose(bn.running_var, var_avg, atol=1e-6)  # check
# --8<-- [end:momentum_none]

# --8<-- [start:momentum_keras]
import torch
import torch.nn as nn

torch.manual_seed(0)
batches = [torch.randn(16, 2) + 3 for _ in range(5)]
keras_momentum = 0.99                    # Keras 的默认值
bn = nn.BatchNorm1d(2, momentum=1 - keras_momentum)
copied = nn.BatchNorm1d(2, momentum=0.99)    # 照搬 Keras 的数
moving = torch.zeros(2)
for x in batches:
    bn(x)
    copied(x)
    # Keras：moving = moving * momentum + mean * (1 - momentum)
    moving = moving * keras_momentum + x.mean(dim=0) * (1 - keras_momentum)


def show(t):
    return [round(v, 4) for v in t.tolist()]


print("Keras momentum=0.99:  ", show(moving))
print("PyTorch momentum=0.01:", show(bn.running_mean))
print("PyTorch momentum=0.99:", show(copied.running_mean))
print("最后一批的均值:       ", show(batches[-1].mean(dim=0)))
assert torch.allclose(bn.running_mean, moving, atol=1e-6)  # check
# --8<-- [end:momentum_keras]

# --8<-- [start:eval_uses_running]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm2d(3)
for _ in range(20):                      # 训练若干步，积累运行统计量
    bn(torch.randn(8, 3, 4, 4) * 2 + 1)
bn.eval()
saved = bn.running_mean.clone()
x = torch.randn(2, 3, 4, 4)
y = bn(x)
rm = bn.running_mean.view(1, 3, 1, 1)
rv = bn.running_var.view(1, 3, 1, 1)
manual = (x - rm) / torch.sqrt(rv + bn.eps)   # weight=1, bias=0
print("eval 用运行统计量:", torch.allclose(y, manual, atol=1e-6))
print("eval 不更新运行统计量:", torch.equal(bn.running_mean, saved))
print("training 标志:", bn.training)
assert torch.allclose(y, manual, atol=1e-6)  # check
# --8<-- [end:eval_uses_running]

# --8<-- [start:batch_of_one]
import torch
import torch.nn as nn

bn = nn.BatchNorm1d(8)                   # 训练模式
x = torch.randn(1, 8)                    # 批大小为 1：每个通道只有 1 个值
bn(x)  # raises: ValueError: Expected more than 1 value per channel when training
# --8<-- [end:batch_of_one]

# --8<-- [start:batch_of_one_spatial]
import torch
import torch.nn as nn

bn = nn.BatchNorm2d(8)                   # 训练模式
x = torch.randn(1, 8, 4, 4)              # 批大小为 1，但每个通道有 16 个值
print("(1, 8, 4, 4) 可以:", tuple(bn(x).shape))
# --8<-- [end:batch_of_one_spatial]

# --8<-- [start:batch_of_one_pooled]
import torch
import torch.nn as nn

head = nn.Sequential(
    nn.AdaptiveAvgPool2d(1),             # (1, 8, 7, 7) -> (1, 8, 1, 1)
    nn.BatchNorm2d(8),
)
head(torch.randn(1, 8, 7, 7))  # raises: ValueError: Expected more than 1 value per channel when training
# --8<-- [end:batch_of_one_pooled]

# --8<-- [start:track_running_stats_false]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm2d(3, track_running_stats=False)
print("running_mean:", bn.running_mean)
print("state_dict:", list(bn.state_dict()))
x = torch.randn(4, 3, 5, 5)
train_out = bn(x)
bn.eval()
eval_out = bn(x)
print("eval 也用批次统计量:", torch.allclose(train_out, eval_out))
assert torch.allclose(train_out, eval_out)  # check
# --8<-- [end:track_running_stats_false]

# --8<-- [start:track_false_batch_of_one]
import torch
import torch.nn as nn

bn = nn.BatchNorm1d(8, track_running_stats=False)
bn.eval()                                # 没有运行统计量，eval 也要批次统计量
bn(torch.randn(1, 8))  # raises: ValueError: Expected more than 1 value per channel when training
# --8<-- [end:track_false_batch_of_one]

# --8<-- [start:bn1d_sequence]
import torch
import torch.nn as nn

torch.manual_seed(0)
N, T, D = 4, 10, 16
x = torch.randn(N, T, D)                 # 序列：(N, T, D)，特征在最后
bn = nn.BatchNorm1d(D)                   # 它要的是 (N, C, L)：通道在第 1 维
y = bn(x.transpose(1, 2)).transpose(1, 2)
print("输出形状:", tuple(y.shape))
# 每个特征 d：在 N 和 T 上求统计量
mu = x.mean(dim=(0, 1))
var = x.var(dim=(0, 1), unbiased=False)
manual = (x - mu) / torch.sqrt(var + bn.eps)
print("与公式一致:", torch.allclose(y, manual, atol=1e-5))
assert torch.allclose(y, manual, atol=1e-5)  # check
# --8<-- [end:bn1d_sequence]

# --8<-- [start:bn1d_sequence_error]
import torch
import torch.nn as nn

x = torch.randn(4, 10, 16)               # (N, T, D)
bn = nn.BatchNorm1d(16)
# (N, T, D) 被当成 (N, C, L)：C = T = 10
assert bn(torch.randn(4, 16, 16)).shape == (4, 16, 16)  # check
bn(x)  # raises: RuntimeError: running_mean should contain 10 elements not 16
# --8<-- [end:bn1d_sequence_error]

# --8<-- [start:wrong_num_features]
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(3, 32, 3),
    nn.BatchNorm2d(16),                  # 应该是 32：上一层的 out_channels
)
model(torch.randn(2, 3, 8, 8))  # raises: RuntimeError: running_mean should contain 32 elements not 16
# --8<-- [end:wrong_num_features]

# --8<-- [start:wrong_dims]
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Flatten(), nn.Linear(48, 16),
    nn.BatchNorm2d(16),                  # Linear 之后应该用 BatchNorm1d
)
try:  # check
    nn.BatchNorm1d(16)(torch.randn(2, 16, 4, 4))
except ValueError as e:
    assert "expected 2D or 3D input (got 4D input)" in str(e)
else:
    raise AssertionError("BatchNorm1d accepted a 4D input")
model(torch.randn(2, 3, 4, 4))  # raises: ValueError: expected 4D input (got 2D input)
# --8<-- [end:wrong_dims]

# --8<-- [start:layernorm]
import torch
import torch.nn as nn

torch.manual_seed(0)
N, T, D = 2, 3, 8
x = torch.randn(N, T, D) * 4 + 1
ln = nn.LayerNorm(D)                     # 对最后一维归一化
with torch.no_grad():
    ln.weight.uniform_(0.5, 1.5)
    ln.bias.uniform_(-1, 1)
y = ln(x)
print("weight 形状:", tuple(ln.weight.shape))
# 每个样本的每个位置（每个 token）单独求统计量
mu = x.mean(dim=-1, keepdim=True)
var = x.var(dim=-1, unbiased=False, keepdim=True)
manual = (x - mu) / torch.sqrt(var + ln.eps) * ln.weight + ln.bias
print("与公式一致:", torch.allclose(y, manual, atol=1e-5))
print("缓冲区:", list(ln.buffers()))
ln.eval()
print("eval 与 train 相同:", torch.allclose(ln(x), y))
print("与批中其他样本无关:", torch.allclose(ln(x[:1]), y[:1]))
assert torch.allclose(y, manual, atol=1e-5)  # check
# --8<-- [end:layernorm]

# --8<-- [start:layernorm_image]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(2, 4, 3, 3)              # (N, C, H, W)
ln = nn.LayerNorm([4, 3, 3])             # 最后三维：每个样本一组统计量
print("weight 形状:", tuple(ln.weight.shape))   # 逐元素，不是逐通道
mu = x.mean(dim=(1, 2, 3), keepdim=True)
var = x.var(dim=(1, 2, 3), unbiased=False, keepdim=True)
manual = (x - mu) / torch.sqrt(var + ln.eps)    # 初始 weight=1, bias=0
print("与公式一致:", torch.allclose(ln(x), manual, atol=1e-5))
assert torch.allclose(ln(x), manual, atol=1e-5)  # check
# --8<-- [end:layernorm_image]

# --8<-- [start:layernorm_shape_error]
import torch
import torch.nn as nn

ln = nn.LayerNorm(10)
ln(torch.randn(2, 5, 8))  # raises: RuntimeError: Given normalized_shape=[10], expected input with shape [*, 10]
# --8<-- [end:layernorm_shape_error]

# --8<-- [start:layer_norm_int]
import torch
import torch.nn.functional as F

x = torch.randn(2, 10)
F.layer_norm(x, 10)  # 函数要元组：(10,)  # raises: TypeError: normalized_shape
# --8<-- [end:layer_norm_int]

# --8<-- [start:layernorm_channels_first]
import torch
import torch.nn as nn

torch.manual_seed(0)
C = 8
x = torch.randn(2, C, 8, 8)              # (N, C, H, W)，碰巧 W == C
ln = nn.LayerNorm(C)
wrong = ln(x)                            # 不报错，却是沿 W 归一化
right = ln(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)  # 沿 C 归一化
print("沿通道的均值（错）:", round(wrong.mean(dim=1).abs().max().item(), 4))
print("沿通道的均值（对）:", round(right.mean(dim=1).abs().max().item(), 4))
assert right.mean(dim=1).abs().max() < 1e-5  # check
assert wrong.mean(dim=3).abs().max() < 1e-5  # check
# --8<-- [end:layernorm_channels_first]

# --8<-- [start:groupnorm]
import torch
import torch.nn as nn

torch.manual_seed(0)
N, C, H, W, G = 2, 6, 4, 4, 3
x = torch.randn(N, C, H, W)
gn = nn.GroupNorm(G, C)                  # 6 个通道分成 3 组，每组 2 个
with torch.no_grad():
    gn.weight.uniform_(0.5, 1.5)
    gn.bias.uniform_(-1, 1)
print("weight 形状:", tuple(gn.weight.shape))   # 逐通道
# 每个样本的每个组：在组内通道和 H、W 上求统计量
xg = x.view(N, G, C // G, H, W)
mu = xg.mean(dim=(2, 3, 4), keepdim=True)
var = xg.var(dim=(2, 3, 4), unbiased=False, keepdim=True)
normed = ((xg - mu) / torch.sqrt(var + gn.eps)).view(N, C, H, W)
manual = normed * gn.weight.view(1, C, 1, 1) + gn.bias.view(1, C, 1, 1)
print("与公式一致:", torch.allclose(gn(x), manual, atol=1e-5))
print("批大小为 1 也可以:", tuple(gn(x[:1]).shape))
print("与批中其他样本无关:", torch.allclose(gn(x[:1]), gn(x)[:1], atol=1e-6))
train_out = gn(x)  # check
gn.eval()  # check
assert torch.equal(gn(x), train_out)  # check
assert torch.allclose(gn(x), manual, atol=1e-5)  # check
# --8<-- [end:groupnorm]

# --8<-- [start:groupnorm_special]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(2, 6, 4, 4)
one_group = nn.GroupNorm(1, 6)(x)        # 一组：所有通道一起
ln = nn.LayerNorm([6, 4, 4])(x)
same = torch.allclose(one_group, ln, atol=1e-5)
print("GroupNorm(1, C) 与 LayerNorm([C, H, W]) 相同:", same)
per_channel = nn.GroupNorm(6, 6)(x)      # 每个通道一组
inorm = nn.InstanceNorm2d(6)(x)
same = torch.allclose(per_channel, inorm, atol=1e-5)
print("GroupNorm(C, C) 与 InstanceNorm2d(C) 相同:", same)
assert torch.allclose(one_group, ln, atol=1e-5)  # check
assert torch.allclose(per_channel, inorm, atol=1e-5)  # check
# --8<-- [end:groupnorm_special]

# --8<-- [start:groupnorm_error]
import torch.nn as nn

nn.GroupNorm(3, 16)  # raises: ValueError: num_channels (16) must be divisible by num_groups (3)
# --8<-- [end:groupnorm_error]

# --8<-- [start:instancenorm_one_pixel]
import torch
import torch.nn as nn

# 全局池化之后：每个通道只剩一个值
pooled = torch.rand(1, 512, 1, 1)
norm = nn.InstanceNorm2d(512)
norm.eval()                                        # 评估模式也一样
norm(pooled)  # raises: ValueError: Expected more than 1 spatial element when training
# --8<-- [end:instancenorm_one_pixel]

# --8<-- [start:weight_norm]
import copy

import torch
import torch.nn as nn
from torch.nn.utils.parametrizations import weight_norm

torch.manual_seed(0)
layer = nn.Linear(4, 3)
before = layer.weight.detach().clone()
layer = weight_norm(layer)                         # dim=0：每行一个长度
g = layer.parametrizations.weight.original0        # 长度
v = layer.parametrizations.weight.original1        # 方向
print("参数:", [name for name, _ in layer.named_parameters()])
print("g:", tuple(g.shape), " v:", tuple(v.shape))
print("weight 与包装前相同:", torch.allclose(layer.weight, before))
by_formula = g * v / v.norm(dim=1, keepdim=True)
print("weight 是 g * v / ||v||:", torch.allclose(layer.weight, by_formula))
print("可以深拷贝:", torch.equal(copy.deepcopy(layer).weight, layer.weight))
assert torch.allclose(layer.weight, before)  # check
assert torch.allclose(layer.weight, by_formula)  # check
assert torch.allclose(v, before) and torch.allclose(g, before.norm(dim=1, keepdim=True))  # check
# --8<-- [end:weight_norm]

# --8<-- [start:weight_norm_old]
import copy
import warnings

import torch.nn as nn

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old = nn.utils.weight_norm(nn.Linear(4, 3))    # 旧接口
print(f"{caught[0].category.__name__}: {caught[0].message}")
print("参数:", [name for name, _ in old.named_parameters()])
print("weight 是叶子:", old.weight.is_leaf)
assert caught[0].category is FutureWarning  # check
copy.deepcopy(old)                                 # raises: RuntimeError: Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol
# --8<-- [end:weight_norm_old]

# --8<-- [start:weight_norm_load_old]
import warnings

import torch
import torch.nn as nn
from torch.nn.utils.parametrizations import weight_norm

with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)
    old = nn.utils.weight_norm(nn.Linear(4, 3))    # 旧接口存下的模型
state = old.state_dict()
print("旧 state_dict:", list(state))
new = weight_norm(nn.Linear(4, 3))
print(new.load_state_dict(state))                  # 旧键名在加载时换成新的
print("weight 相同:", torch.allclose(new.weight, old.weight))
assert torch.allclose(new.weight, old.weight)  # check
# --8<-- [end:weight_norm_load_old]
