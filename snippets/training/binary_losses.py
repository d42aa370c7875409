"""BCE 与回归损失：BCELoss 与 BCEWithLogitsLoss、pos_weight、多标签；MSE、L1、SmoothL1、Huber；形状不同时的广播。"""
# --8<-- [start:bce_two_ways]
import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.tensor([1.5, -0.5, 2.0, -3.0])       # logits
y = torch.tensor([1.0, 0.0, 0.0, 1.0])         # 目标：浮点 0 或 1
p = torch.sigmoid(x)                           # 概率
a = nn.BCELoss()(p, y)                         # 先 sigmoid，再 BCELoss
b = nn.BCEWithLogitsLoss()(x, y)               # 直接传 logits
print(f"sigmoid + BCELoss:  {a:.4f}")
print(f"BCEWithLogitsLoss:  {b:.4f}")
# 按定义：l_n = -[y_n log p_n + (1 - y_n) log(1 - p_n)]，再平均
l = -(y * p.log() + (1 - y) * (1 - p).log())
print(f"按定义:             {l.mean():.4f}")
assert torch.allclose(a, b) and torch.allclose(b, l.mean())  # check
# 等价的写法：l_n = log(1 + e^{x_n}) - x_n y_n
assert torch.allclose(F.softplus(x) - x * y, l)  # check
# --8<-- [end:bce_two_ways]

# --8<-- [start:bce_saturation]
import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.tensor([-30.0, 5.0, 20.0, 40.0])     # logits，都判错了
y = torch.tensor([1.0, 0.0, 0.0, 0.0])
x1 = x.clone().requires_grad_()
x2 = x.clone().requires_grad_()
p = torch.sigmoid(x1)
loss1 = nn.BCELoss(reduction="none")(p, y)
loss2 = nn.BCEWithLogitsLoss(reduction="none")(x2, y)
loss1.sum().backward()
loss2.sum().backward()

print("logits  sigmoid     | BCELoss 损失    梯度 | WithLogits 损失    梯度")
for i in range(4):
    print(f"{x[i]:6.0f}  {p[i]:<10.4g}  | {loss1[i]:12.4f} {x1.grad[i]:7.4f}"
          f" | {loss2[i]:15.4f} {x2.grad[i]:7.4f}")

exact = F.softplus(x.double()) - x.double() * y.double()  # check
assert torch.allclose(loss2.double(), exact)  # check
assert torch.allclose(x2.grad, torch.sigmoid(x) - y)  # check
assert torch.equal(p[2:] == 1, torch.tensor([True, True]))  # check
assert torch.equal(loss1[2:], torch.tensor([100.0, 100.0]))  # check
assert torch.equal(x1.grad[2:], torch.zeros(2))  # check
# BCELoss 的反向：d loss / d p = (p - y) / max(p (1 - p), 1e-12)
pd = p.detach()  # check
dldp = (pd - y) / torch.clamp(pd * (1 - pd), min=1e-12)  # check
assert torch.allclose(x1.grad, dldp * pd * (1 - pd))  # check
# --8<-- [end:bce_saturation]

# --8<-- [start:bce_given_logits]
import torch
import torch.nn as nn

x = torch.tensor([1.5, -0.5, 2.0])             # logits，不在 [0, 1] 里
y = torch.tensor([1.0, 0.0, 1.0])
nn.BCELoss()(x, y)                # 忘了 sigmoid  # raises: RuntimeError: all elements of input should be between 0 and 1
# --8<-- [end:bce_given_logits]

# --8<-- [start:multilabel]
import torch
import torch.nn as nn

logits = torch.tensor([[2.0, -1.0, 0.5],       # 2 个样本，C = 3 个标签
                       [-0.5, 3.0, -2.0]])
target = torch.tensor([[1.0, 0.0, 1.0],        # 每个标签各自取 0 或 1
                       [0.0, 1.0, 0.0]])
loss = nn.BCEWithLogitsLoss()(logits, target)
p = torch.sigmoid(logits)
by_hand = -(target * p.log() + (1 - target) * (1 - p).log()).mean()
print(f"BCEWithLogitsLoss:      {loss:.4f}")
print(f"逐元素公式，N*C 个平均: {by_hand:.4f}")
print("每个标签的概率:", p.round(decimals=4))
print("每行概率之和:", p.sum(dim=1).round(decimals=4))   # 不必为 1
assert torch.allclose(loss, by_hand)  # check

soft = torch.tensor([[0.9, 0.1, 0.7],          # 目标也可以是 [0, 1] 里的小数
                     [0.2, 0.8, 0.0]])
print(f"软标签的损失: {nn.BCEWithLogitsLoss()(logits, soft):.4f}")
# --8<-- [end:multilabel]

# --8<-- [start:long_target]
import torch
import torch.nn as nn

logits = torch.tensor([[2.0, -1.0, 0.5],
                       [-0.5, 3.0, -2.0]])
target = torch.tensor([[1, 0, 1],              # 整数：dtype 是 int64
                       [0, 1, 0]])
print("target.dtype:", target.dtype)
nn.BCEWithLogitsLoss()(logits, target)  # raises: RuntimeError: result type Float can't be cast to the desired output type Long
# --8<-- [end:long_target]

# --8<-- [start:long_target_bceloss]
import torch
import torch.nn as nn

p = torch.tensor([[0.9, 0.2, 0.6],
                  [0.4, 0.9, 0.1]])
target = torch.tensor([[1, 0, 1],
                       [0, 1, 0]])
nn.BCELoss()(p, target)  # raises: RuntimeError: Found dtype Long but expected Float
# --8<-- [end:long_target_bceloss]

# --8<-- [start:double_target_bceloss]
import numpy as np
import torch
import torch.nn as nn

p = torch.tensor([0.9, 0.2, 0.6])
target = torch.from_numpy(np.array([1.0, 0.0, 1.0]))   # NumPy 默认 float64
print("target.dtype:", target.dtype)
assert nn.BCEWithLogitsLoss()(torch.logit(p), target).dtype == torch.float64  # check
nn.BCELoss()(p, target)  # raises: RuntimeError: Found dtype Double but expected Float
# --8<-- [end:double_target_bceloss]

# --8<-- [start:long_target_fix]
import torch
import torch.nn as nn

logits = torch.tensor([[2.0, -1.0, 0.5],
                       [-0.5, 3.0, -2.0]])
target = torch.tensor([[1, 0, 1],
                       [0, 1, 0]])
loss = nn.BCEWithLogitsLoss()(logits, target.float())   # 先转成浮点
print(f"loss = {loss:.4f}")
# --8<-- [end:long_target_fix]

# --8<-- [start:pos_weight]
import torch
import torch.nn as nn
import torch.nn.functional as F

logits = torch.tensor([[0.5, -1.0],            # N = 5 个样本，C = 2 个标签
                       [1.5, 0.0],
                       [-0.5, 2.0],
                       [0.0, -2.0],
                       [-1.0, 1.0]])
target = torch.tensor([[1.0, 0.0],
                       [0.0, 0.0],
                       [0.0, 1.0],
                       [0.0, 1.0],
                       [0.0, 0.0]])
pos = target.sum(dim=0)                        # 每个标签的正样本数
pos_weight = (target.shape[0] - pos) / pos     # 负样本数 / 正样本数
print("pos_weight:", pos_weight)

plain = nn.BCEWithLogitsLoss(reduction="none")
weighted = nn.BCEWithLogitsLoss(reduction="none", pos_weight=pos_weight)
ratio = weighted(logits, target) / plain(logits, target)
print("加权后 / 加权前:")
print(ratio)

# 公式：l = -[p_c y log σ(x) + (1 - y) log(1 - σ(x))]
by_hand = -(pos_weight * target * F.logsigmoid(logits)
            + (1 - target) * F.logsigmoid(-logits))
print("与公式一致:", torch.allclose(weighted(logits, target), by_hand))
assert torch.allclose(weighted(logits, target), by_hand)  # check
expected = torch.where(target == 1, pos_weight, torch.ones(1))  # check
assert torch.allclose(ratio, expected)  # check
# --8<-- [end:pos_weight]

# --8<-- [start:regression_losses]
import torch
import torch.nn as nn

x = torch.tensor([2.5, 0.8, 4.0, -5.0])        # 预测
y = torch.tensor([2.0, 1.0, 1.0, 1.0])         # 目标
d = x - y                                      # 误差 0.5, -0.2, 3, -6
losses = {
    "MSELoss": nn.MSELoss(reduction="none"),
    "L1Loss": nn.L1Loss(reduction="none"),
    "SmoothL1Loss(beta=2)": nn.SmoothL1Loss(reduction="none", beta=2.0),
    "HuberLoss(delta=2)": nn.HuberLoss(reduction="none", delta=2.0),
}
print("误差 d:", d)
for name, fn in losses.items():
    values = fn(x, y)
    shown = ", ".join(f"{v:7.4f}" for v in values)
    print(f"{name:21s} [{shown}]  平均 {values.mean():.4f}")

a = d.abs()  # check
assert torch.allclose(losses["MSELoss"](x, y), d ** 2)  # check
assert torch.allclose(losses["L1Loss"](x, y), a)  # check
smooth = torch.where(a < 2, 0.5 * d ** 2 / 2, a - 0.5 * 2)  # check
assert torch.allclose(losses["SmoothL1Loss(beta=2)"](x, y), smooth)  # check
huber = torch.where(a < 2, 0.5 * d ** 2, 2 * (a - 0.5 * 2))  # check
assert torch.allclose(losses["HuberLoss(delta=2)"](x, y), huber)  # check
assert torch.allclose(nn.MSELoss()(x, y), (d ** 2).mean())  # check
# --8<-- [end:regression_losses]

# --8<-- [start:smooth_l1_vs_huber]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(1000) * 3
y = torch.randn(1000)
for beta in [0.5, 1.0, 2.0, 5.0]:
    s = F.smooth_l1_loss(x, y, beta=beta)
    h = F.huber_loss(x, y, delta=beta)
    print(f"beta={beta}: SmoothL1 {s:.4f}  Huber/beta {h / beta:.4f}")
    assert torch.allclose(s, h / beta)  # check
s0 = F.smooth_l1_loss(x, y, beta=0.0)
print(f"beta=0:   SmoothL1 {s0:.4f}  L1 {F.l1_loss(x, y):.4f}")
assert torch.equal(s0, F.l1_loss(x, y))  # check
# --8<-- [end:smooth_l1_vs_huber]

# --8<-- [start:huber_delta_zero]
import torch
import torch.nn as nn

x = torch.tensor([2.5, 0.8])
y = torch.tensor([2.0, 1.0])
nn.HuberLoss(delta=0.0)(x, y)  # raises: RuntimeError: huber_loss does not support non-positive values for delta
# --8<-- [end:huber_delta_zero]

# --8<-- [start:regression_grads]
import torch
import torch.nn as nn

y = torch.tensor([2.0, 1.0, 1.0, 1.0])
d = torch.tensor([0.5, -0.2, 3.0, -6.0])       # 最后一个是离群点
losses = {
    "MSELoss": nn.MSELoss(reduction="sum"),
    "L1Loss": nn.L1Loss(reduction="sum"),
    "SmoothL1Loss(beta=2)": nn.SmoothL1Loss(reduction="sum", beta=2.0),
    "HuberLoss(delta=2)": nn.HuberLoss(reduction="sum", delta=2.0),
}
grads = {}
for name, fn in losses.items():
    x = (y + d).requires_grad_()
    fn(x, y).backward()
    grads[name] = x.grad
    shown = ", ".join(f"{g:7.4f}" for g in x.grad)
    print(f"{name:21s} 梯度 [{shown}]")

assert torch.allclose(grads["MSELoss"], 2 * d)  # check
assert torch.allclose(grads["L1Loss"], d.sign())  # check
assert torch.allclose(grads["SmoothL1Loss(beta=2)"], (d / 2).clamp(-1, 1))  # check
assert torch.allclose(grads["HuberLoss(delta=2)"], d.clamp(-2, 2))  # check
# --8<-- [end:regression_grads]

# --8<-- [start:shape_warning]
import warnings

import torch
import torch.nn as nn

pred = torch.tensor([[1.0], [2.0], [3.0], [4.0]], requires_grad=True)
target = torch.tensor([1.0, 2.0, 3.0, 4.0])    # 与 pred 逐个相等
print("pred:", tuple(pred.shape), " target:", tuple(target.shape))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    loss = nn.MSELoss()(pred, target)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

print("pred - target 的形状:", tuple((pred - target).shape))
print(f"广播后的损失: {loss:.4f}")
right = nn.MSELoss()(pred.squeeze(1), target)
print(f"正确的损失:   {right:.4f}")
loss.backward()
print("梯度（本应为 0）:", pred.grad.squeeze(1))

assert len(caught) == 1 and caught[0].category is UserWarning  # check
assert torch.allclose(loss, ((pred - target) ** 2).mean())  # check
p = pred.detach().squeeze(1)  # check
assert torch.allclose(pred.grad.squeeze(1), 2 / 4 * (p - target.mean()))  # check
for fn in (nn.L1Loss(), nn.SmoothL1Loss(), nn.HuberLoss()):  # check
    with warnings.catch_warnings(record=True) as more:
        warnings.simplefilter("always")
        bad = fn(pred.detach(), target)
    assert len(more) == 1 and "different to the input size" in str(more[0].message)
    assert torch.allclose(bad, fn(pred.detach() - target, torch.zeros(4, 4)))
# --8<-- [end:shape_warning]

# --8<-- [start:shape_fix]
import warnings

import torch
import torch.nn as nn

pred = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
target = torch.tensor([1.0, 2.0, 3.0, 4.0])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    a = nn.MSELoss()(pred.squeeze(1), target)     # 去掉 pred 的第 1 维
    b = nn.MSELoss()(pred, target.unsqueeze(1))   # 或者给 target 加一维
    c = nn.MSELoss()(pred, target.view_as(pred))  # 或者照 pred 的形状
print(f"损失: {a:.4f} {b:.4f} {c:.4f}  警告数: {len(caught)}")
p1 = pred[:1]                                    # 批大小为 1：(1, 1)
print("squeeze(1):", tuple(p1.squeeze(1).shape),
      " squeeze():", tuple(p1.squeeze().shape))
assert a == b == c == 0  # check
# --8<-- [end:shape_fix]

# --8<-- [start:bce_shape_mismatch]
import torch
import torch.nn as nn

logits = torch.tensor([[0.5], [-1.0], [2.0], [0.0]])   # (N, 1)
target = torch.tensor([1.0, 0.0, 1.0, 0.0])            # (N,)
nn.BCEWithLogitsLoss()(logits, target)  # raises: ValueError: Target size (torch.Size([4])) must be the same as input size
# --8<-- [end:bce_shape_mismatch]
