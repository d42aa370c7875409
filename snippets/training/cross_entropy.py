"""CrossEntropyLoss：输入 logits，目标是类别下标或概率；weight、ignore_index、label_smoothing；常见报错。"""
# --8<-- [start:basic]
import torch
import torch.nn as nn
import torch.nn.functional as F

logits = torch.tensor([[2.0, 0.5, -1.0],      # 3 个样本，C = 3 类
                       [0.1, 0.2, 3.0],
                       [1.0, 1.0, 1.0]])
target = torch.tensor([0, 2, 1])               # 类别下标，从 0 数，int64
loss = nn.CrossEntropyLoss()(logits, target)
print(f"nn.CrossEntropyLoss: {loss:.4f}")
print(f"F.cross_entropy:     {F.cross_entropy(logits, target):.4f}")

# 按定义算：-log softmax(x_n)[y_n]，再对批次求平均
p = logits.softmax(dim=1)
by_hand = -p[torch.arange(3), target].log().mean()
print(f"按定义:              {by_hand:.4f}")
assert torch.allclose(loss, by_hand)  # check
assert torch.equal(loss, F.cross_entropy(logits, target))  # check
one = F.cross_entropy(logits[0], target[0])  # check
assert torch.allclose(one, -p[0, 0].log())  # check
# --8<-- [end:basic]

# --8<-- [start:nll_relation]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(4, 5)                          # N = 4, C = 5
y = torch.tensor([3, 0, 4, 1])
ce = F.cross_entropy(x, y)
nll = F.nll_loss(F.log_softmax(x, dim=1), y)   # 两步写法
module = nn.NLLLoss()(nn.LogSoftmax(dim=1)(x), y)
# 公式：l_n = -x[n, y_n] + log sum_c exp(x[n, c])
l = -x[torch.arange(4), y] + torch.logsumexp(x, dim=1)
print(f"cross_entropy:          {ce:.4f}")
print(f"nll_loss(log_softmax):  {nll:.4f}")
print(f"NLLLoss(LogSoftmax):    {module:.4f}")
print(f"公式逐项再平均:         {l.mean():.4f}")
assert torch.allclose(ce, nll) and torch.allclose(ce, module)  # check
assert torch.allclose(ce, l.mean())  # check
big = torch.tensor([[0.0, 200.0]])  # check
assert big.softmax(dim=1).log()[0, 0].isinf()  # check
assert F.log_softmax(big, dim=1)[0, 0] == -200.0  # check
# --8<-- [end:nll_relation]

# --8<-- [start:softmax_first]
import torch
import torch.nn.functional as F

# 模型很有把握地选了第 1 类，正确答案是第 0 类
logits = torch.tensor([[-2.0, 4.0, 0.0]], requires_grad=True)
target = torch.tensor([0])

loss = F.cross_entropy(logits, target)                 # 正确
loss.backward()
print(f"传 logits:      loss={loss:.4f}  grad={logits.grad}")
right_grad = logits.grad.clone()
logits.grad = None

loss = F.cross_entropy(logits.softmax(dim=1), target)  # 多做了一次 softmax
loss.backward()
print(f"先做 softmax:   loss={loss:.4f}  grad={logits.grad}")
ratio = right_grad[0, 0] / logits.grad[0, 0]
print(f"目标类的梯度小了 {ratio:.0f} 倍")
assert ratio > 100  # check
# --8<-- [end:softmax_first]

# --8<-- [start:softmax_first_bound]
import math
import torch
import torch.nn.functional as F

C = 10
target = torch.tensor([3])
perfect = torch.zeros(1, C)
perfect[0, 3] = 1.0                 # 已经是“完美”的概率：目标类为 1
loss = F.cross_entropy(perfect, target)
print(f"完美概率当输入, loss = {loss:.4f}")
print(f"log(e + C - 1) - 1 = {math.log(math.e + C - 1) - 1:.4f}")
assert math.isclose(loss.item(), math.log(math.e + C - 1) - 1, rel_tol=1e-6)  # check

torch.manual_seed(0)
probs = torch.randn(10000, C).softmax(dim=1)     # 任意一组概率
worst = F.cross_entropy(probs, target.expand(10000), reduction="none")
print(f"随机概率的最小 loss = {worst.min():.4f}")
assert worst.min() >= loss  # check
# --8<-- [end:softmax_first_bound]

# --8<-- [start:prob_targets]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(3, 4)                          # N = 3, C = 4
y = torch.tensor([1, 0, 3])
onehot = F.one_hot(y, num_classes=4).float()   # (N, C)，浮点
print(f"下标目标:     {F.cross_entropy(x, y):.4f}")
print(f"one-hot 概率: {F.cross_entropy(x, onehot):.4f}")

soft = torch.tensor([[0.0, 0.7, 0.3, 0.0],     # 每行和为 1 的软标签
                     [0.5, 0.5, 0.0, 0.0],
                     [0.0, 0.0, 0.1, 0.9]])
loss = F.cross_entropy(x, soft)
# l_n = -sum_c y[n, c] * log_softmax(x)[n, c]
by_hand = -(soft * x.log_softmax(dim=1)).sum(dim=1).mean()
print(f"软标签: {loss:.4f}  按定义: {by_hand:.4f}")
assert torch.allclose(F.cross_entropy(x, y), F.cross_entropy(x, onehot))  # check
assert torch.allclose(loss, by_hand)  # check
# --8<-- [end:prob_targets]

# --8<-- [start:spatial]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
N, C, H, W = 2, 3, 4, 5
x = torch.randn(N, C, H, W)                    # 分割：类别在第 1 维
y = torch.randint(0, C, (N, H, W))             # 每个像素一个下标
loss = F.cross_entropy(x, y)
print("逐像素 loss 的形状:", F.cross_entropy(x, y, reduction="none").shape)

# 等价写法：把类别维挪到最后，压平成 (N*H*W, C)
flat = F.cross_entropy(x.permute(0, 2, 3, 1).reshape(-1, C), y.reshape(-1))
print(f"(N, C, H, W): {loss:.4f}  压平后: {flat:.4f}")
assert torch.allclose(loss, flat)  # check
# --8<-- [end:spatial]

# --8<-- [start:mask_channel]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
N, C, H, W = 2, 3, 4, 5
logits = torch.randn(N, C, H, W)
mask = torch.randint(0, C, (N, 1, H, W))       # 单通道标注图，带着通道维
print("logits:", tuple(logits.shape), " mask:", tuple(mask.shape))
assert F.cross_entropy(logits, mask.squeeze(1)).ndim == 0  # check
F.cross_entropy(logits, mask)  # raises: RuntimeError: only batches of spatial targets supported (3D tensors) but got targets of dimension: 4
# --8<-- [end:mask_channel]

# --8<-- [start:sequence]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
N, T, C = 2, 5, 7                              # 批次、序列长度、词表大小
logits = torch.randn(N, T, C)                  # 模型一般输出 (N, T, C)
y = torch.randint(0, C, (N, T))
loss = F.cross_entropy(logits.transpose(1, 2), y)   # 换成 (N, C, T)
flat = F.cross_entropy(logits.reshape(-1, C), y.reshape(-1))
print(f"transpose(1, 2): {loss:.4f}  reshape(-1, C): {flat:.4f}")
assert torch.allclose(loss, flat)  # check
sq, ys = logits[:, :, :5], y.clamp(max=4)  # check
wrong = F.cross_entropy(sq, ys)  # check
assert not torch.allclose(wrong, F.cross_entropy(sq.transpose(1, 2), ys))  # check
# --8<-- [end:sequence]

# --8<-- [start:reduction]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(4, 3)
y = torch.tensor([0, 2, 1, 2])
per = F.cross_entropy(x, y, reduction="none")  # 每个样本一个值
print("none:", per)
print(f"sum:  {F.cross_entropy(x, y, reduction='sum'):.4f}")
print(f"mean: {F.cross_entropy(x, y):.4f}  = sum / 4 = {per.sum() / 4:.4f}")
assert per.shape == (4,)  # check
assert torch.allclose(F.cross_entropy(x, y), per.mean())  # check
# --8<-- [end:reduction]

# --8<-- [start:legacy_reduction]
import warnings

import torch.nn as nn

cases = [dict(size_average=False), dict(reduce=False), dict(size_average=True)]
for old in cases:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loss = nn.MSELoss(**old)                   # 旧参数
    print(f"{old} -> reduction={loss.reduction!r}")
print(f"{caught[0].category.__name__}: {caught[0].message}")
with warnings.catch_warnings():  # check
    warnings.simplefilter("ignore")
    assert nn.CrossEntropyLoss(reduce=False, size_average=True).reduction == "none"
# --8<-- [end:legacy_reduction]

# --8<-- [start:weight]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(4, 3)
y = torch.tensor([0, 2, 1, 2])
w = torch.tensor([1.0, 2.0, 5.0])              # 第 2 类样本少，权重大
plain = F.cross_entropy(x, y, reduction="none")
per = F.cross_entropy(x, y, weight=w, reduction="none")
print("w[y]:", w[y])
print("none:", per)
print("等于 w[y] * 不加权的值:", torch.allclose(per, w[y] * plain))
mean = F.cross_entropy(x, y, weight=w)
print(f"mean: {mean:.4f}")
print(f"sum / w[y].sum() = {per.sum() / w[y].sum():.4f}")
print(f"sum / N          = {per.sum() / 4:.4f}")
assert torch.allclose(mean, per.sum() / w[y].sum())  # check
assert torch.allclose(per, w[y] * plain)  # check
assert torch.allclose(F.cross_entropy(x, y, weight=10 * w), mean)  # check
s10 = F.cross_entropy(x, y, weight=10 * w, reduction="sum")  # check
assert torch.allclose(s10, 10 * per.sum())  # check
yi = torch.tensor([0, -100, 1, 2])  # check
wi = F.cross_entropy(x, yi, weight=w, reduction="none")  # check
assert torch.allclose(F.cross_entropy(x, yi, weight=w), wi.sum() / 8)  # check
# --8<-- [end:weight]

# --8<-- [start:weight_prob_targets]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(4, 3)
y = torch.tensor([0, 2, 1, 2])
w = torch.tensor([1.0, 2.0, 5.0])
onehot = F.one_hot(y, num_classes=3).float()
per = F.cross_entropy(x, y, weight=w, reduction="none")
print(f"下标目标:  {F.cross_entropy(x, y, weight=w):.4f}")
print(f"概率目标:  {F.cross_entropy(x, onehot, weight=w):.4f}")
print(f"sum / N:   {per.sum() / 4:.4f}")
assert torch.allclose(F.cross_entropy(x, onehot, weight=w), per.mean())  # check
# --8<-- [end:weight_prob_targets]

# --8<-- [start:ignore_index]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(4, 3, requires_grad=True)
y = torch.tensor([0, -100, 1, -100])           # -100：填充位置
per = F.cross_entropy(x, y, reduction="none")
print("none:", per.detach())
loss = F.cross_entropy(x, y)
kept = F.cross_entropy(x[[0, 2]], y[[0, 2]])   # 只取两个有效位置
print(f"mean: {loss:.4f}  只算有效位置: {kept:.4f}")
loss.backward()
print("填充行的梯度:", x.grad[1], x.grad[3])
assert torch.allclose(loss, kept)  # check
assert torch.equal(per[[1, 3]], torch.zeros(2))  # check
assert x.grad[[1, 3]].abs().sum() == 0  # check
# --8<-- [end:ignore_index]

# --8<-- [start:ignore_all]
import torch
import torch.nn.functional as F

x = torch.zeros(2, 3, requires_grad=True)
y = torch.tensor([-100, -100])                 # 这一批全是填充
loss = F.cross_entropy(x, y)                   # 0 / 0
print("mean:", loss.item())
print("sum: ", F.cross_entropy(x, y, reduction="sum").item())
loss.backward()
print("梯度:", x.grad)
total = 1.5 + loss.item()                      # 累计整轮的损失
print("整轮累计:", total)
print("有效位置个数:", (y != -100).sum().item())   # 为 0 时跳过这一批
assert loss.isnan() and x.grad.abs().sum() == 0  # check
# --8<-- [end:ignore_all]

# --8<-- [start:ignore_index_custom]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(4, 3)
y = torch.tensor([0, 0, 1, 0])                 # 约定 0 是填充
loss = F.cross_entropy(x, y, ignore_index=0)   # 只剩第 2 个样本
print(f"ignore_index=0: {loss:.4f}")
print(f"只算第 2 个:    {F.cross_entropy(x[2:3], y[2:3]):.4f}")
assert torch.allclose(loss, F.cross_entropy(x[2:3], y[2:3]))  # check
# --8<-- [end:ignore_index_custom]

# --8<-- [start:label_smoothing]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
C, eps = 3, 0.1
x = torch.randn(4, C)
y = torch.tensor([0, 2, 1, 2])
loss = F.cross_entropy(x, y, label_smoothing=eps)
# 等价于软标签：目标类 1 - eps + eps/C，其余各 eps/C
soft = F.one_hot(y, C).float() * (1 - eps) + eps / C
print("软标签第 0 行:", soft[0])
print(f"label_smoothing: {loss:.4f}  软标签: {F.cross_entropy(x, soft):.4f}")
# 公式：(1 - eps) * (-log p[y]) + eps/C * sum_c(-log p[c])
logp = x.log_softmax(dim=1)
per = (1 - eps) * -logp[torch.arange(4), y] + eps / C * -logp.sum(dim=1)
print(f"按公式: {per.mean():.4f}")
assert torch.allclose(loss, per.mean())  # check
assert torch.allclose(loss, F.cross_entropy(x, soft))  # check
# --8<-- [end:label_smoothing]

# --8<-- [start:float_target]
import torch
import torch.nn.functional as F

x = torch.randn(4, 3)
y = torch.tensor([0.0, 2.0, 1.0, 2.0])         # 浮点，形状 (N,)
assert torch.equal(F.cross_entropy(x, y.long()), F.cross_entropy(x, y.to(torch.uint8)))  # check
F.cross_entropy(x, y)  # raises: RuntimeError: Long
# --8<-- [end:float_target]

# --8<-- [start:int32_target]
import numpy as np
import torch
import torch.nn.functional as F

x = torch.randn(4, 3)
labels = np.array([0, 2, 1, 2], dtype=np.int32)
y = torch.from_numpy(labels)                   # 保留 int32
print(y.dtype)
assert torch.isfinite(F.cross_entropy(x, y.long()))  # check
F.cross_entropy(x, y)  # raises: RuntimeError: Int
# --8<-- [end:int32_target]

# --8<-- [start:onehot_long]
import torch
import torch.nn.functional as F

x = torch.randn(4, 3)
y = F.one_hot(torch.tensor([0, 2, 1, 2]), num_classes=3)
print(y.dtype, tuple(y.shape))                 # one_hot 给出 int64
assert torch.allclose(F.cross_entropy(x, y.float()), F.cross_entropy(x, y.argmax(1)))  # check
F.cross_entropy(x, y)  # raises: RuntimeError: Expected floating point type for target
# --8<-- [end:onehot_long]

# --8<-- [start:target_column]
import torch
import torch.nn.functional as F

x = torch.randn(4, 3)
y = torch.tensor([[0], [2], [1], [2]])          # (N, 1)，多了一维
assert torch.equal(F.cross_entropy(x, y.squeeze(1)), F.cross_entropy(x, y.view(-1)))  # check
F.cross_entropy(x, y)  # raises: RuntimeError: 0D or 1D target tensor expected
# --8<-- [end:target_column]

# --8<-- [start:batch_mismatch]
import torch
import torch.nn.functional as F

x = torch.randn(4, 3)
y = torch.tensor([0, 2, 1])                    # 少了一个
F.cross_entropy(x, y)  # raises: ValueError: Expected input batch_size (4) to match target batch_size (3)
# --8<-- [end:batch_mismatch]

# --8<-- [start:labels_from_one]
import torch
import torch.nn.functional as F

x = torch.randn(4, 3)                          # C = 3：合法下标 0, 1, 2
y = torch.tensor([1, 3, 2, 3])                 # 标签从 1 数到 3
F.cross_entropy(x, y)  # raises: IndexError: Target 3 is out of bounds.
# --8<-- [end:labels_from_one]

# --8<-- [start:labels_shift]
import torch
import torch.nn.functional as F

x = torch.randn(4, 3)
y = torch.tensor([1, 3, 2, 3])
y0 = y - 1                                     # 改成从 0 数
print("下标范围:", y0.min().item(), "到", y0.max().item())
print("loss 是有限值:", F.cross_entropy(x, y0).isfinite().item())
assert y0.min() >= 0 and y0.max() < x.shape[1]  # check
# --8<-- [end:labels_shift]

# --8<-- [start:padding_minus_one]
import torch
import torch.nn.functional as F

x = torch.randn(4, 3)
y = torch.tensor([0, 2, -1, -1])               # 用 -1 填充，但没告诉损失
assert torch.allclose(F.cross_entropy(x, y, ignore_index=-1), F.cross_entropy(x[:2], y[:2]))  # check
F.cross_entropy(x, y)  # raises: IndexError: Target -1 is out of bounds.
# --8<-- [end:padding_minus_one]

# --8<-- [start:sequence_not_transposed]
import torch
import torch.nn.functional as F

logits = torch.randn(2, 5, 3)                  # (N, T, C)，忘了换维
y = torch.randint(0, 3, (2, 5))                # (N, T)
F.cross_entropy(logits, y)  # raises: RuntimeError: Expected target size [2, 3], got [2, 5]
# --8<-- [end:sequence_not_transposed]

# --8<-- [start:ignore_index_prob]
import torch
import torch.nn.functional as F

x = torch.randn(2, 3)
soft = torch.tensor([[0.2, 0.8, 0.0], [0.0, 0.0, 1.0]])
keep = torch.tensor([False, True])  # check
assert torch.isfinite(F.cross_entropy(x[keep], soft[keep]))  # check
F.cross_entropy(x, soft, ignore_index=0)  # raises: RuntimeError: ignore_index is not supported for floating point target
# --8<-- [end:ignore_index_prob]
