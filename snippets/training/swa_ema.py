"""SWA 与 EMA：AveragedModel 的两种平均（逐项核对公式）、update_bn 重算 BatchNorm 统计量、SWALR、保存与加载平均后的模型。"""
# --8<-- [start:swa_average]
import torch
import torch.nn as nn
from torch.optim.swa_utils import AveragedModel

torch.manual_seed(0)
model = nn.Linear(2, 1)
swa_model = AveragedModel(model)                   # 默认：等权平均（SWA）
snapshots = []
for step in range(3):
    with torch.no_grad():
        model.weight.add_(1.0)                     # 代替一段训练
    swa_model.update_parameters(model)             # 把当前参数加进平均
    snapshots.append(model.weight.detach().clone())
average = torch.stack(snapshots).mean(dim=0)
print("n_averaged:", swa_model.n_averaged.item())
print("swa_model 的权重是三次快照的平均:",
      torch.allclose(swa_model.module.weight, average))
assert torch.allclose(swa_model.module.weight, average)  # check
# --8<-- [end:swa_average]

# --8<-- [start:ema_average]
import torch
import torch.nn as nn
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

model = nn.Linear(1, 1, bias=False)                # 一个权重，便于看数
decay = 0.9
ema_model = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay))
swa_model = AveragedModel(model)
expected = None
for step in range(1, 51):
    with torch.no_grad():
        model.weight.fill_(float(step))            # 训练中权重从 1 走到 50
    ema_model.update_parameters(model)
    swa_model.update_parameters(model)
    w = model.weight.detach().clone()
    # 第一次更新直接复制，之后 ema = decay * ema + (1 - decay) * w
    expected = w if expected is None else decay * expected + (1 - decay) * w
print(f"SWA（50 次等权）: {swa_model.module.weight.item():.2f}")
print(f"EMA（decay=0.9）: {ema_model.module.weight.item():.2f}")
print("EMA 与公式相同:", torch.allclose(ema_model.module.weight, expected))
assert torch.allclose(ema_model.module.weight, expected)  # check
assert abs(swa_model.module.weight.item() - 25.5) < 1e-4  # check
# --8<-- [end:ema_average]

# --8<-- [start:update_bn]
import torch
import torch.nn as nn
from torch.optim.swa_utils import AveragedModel, update_bn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4))
swa_model = AveragedModel(model)
swa_model.update_parameters(model)
bn = swa_model.module[1]
print("平均之后的 running_mean:", bn.running_mean.tolist())   # 没有平均缓冲区

loader = [torch.randn(8, 2) + 3 for _ in range(4)]  # 代替训练数据
update_bn(loader, swa_model)                       # 用平均后的权重再跑一遍数据
with torch.no_grad():
    features = torch.cat([swa_model.module[0](x) for x in loader])
print("update_bn 之后等于特征的均值:",
      torch.allclose(bn.running_mean, features.mean(dim=0), atol=1e-5))
print("momentum 恢复为:", bn.momentum)
assert torch.allclose(bn.running_mean, features.mean(dim=0), atol=1e-5)  # check
# --8<-- [end:update_bn]

# --8<-- [start:swalr]
import torch
from torch.optim.swa_utils import SWALR

w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1)
sched = SWALR(opt, swa_lr=0.01, anneal_epochs=3, anneal_strategy="linear")
lrs = []
for epoch in range(5):
    opt.step()
    sched.step()
    lrs.append(round(sched.get_last_lr()[0], 4))
print(lrs)                                         # 3 轮内从 0.1 线性降到 0.01
assert lrs == [0.07, 0.04, 0.01, 0.01, 0.01]  # check
# --8<-- [end:swalr]

# --8<-- [start:load_wrong]
import torch.nn as nn
from torch.optim.swa_utils import AveragedModel

model = nn.Linear(2, 1)
swa_model = AveragedModel(model)
# 多了 module. 前缀和 n_averaged
print(list(swa_model.state_dict()))
nn.Linear(2, 1).load_state_dict(swa_model.state_dict())  # raises: RuntimeError: Error(s) in loading state_dict for Linear
# --8<-- [end:load_wrong]

# --8<-- [start:load_right]
import torch.nn as nn
from torch.optim.swa_utils import AveragedModel

model = nn.Linear(2, 1)
swa_model = AveragedModel(model)
plain = nn.Linear(2, 1)
print(plain.load_state_dict(swa_model.module.state_dict()))   # 存、取 .module 的
# --8<-- [end:load_right]
