"""Dropout：训练模式按概率 p 置零并把保留的元素放大 1/(1-p)；评估模式是恒等映射；F.dropout 的 training 陷阱。"""
# --8<-- [start:train_mode]
import torch
import torch.nn as nn

torch.manual_seed(1)
p = 0.3
drop = nn.Dropout(p=p)                 # p 是“置零”的概率，不是保留概率
print("training:", drop.training)     # 新建的模块默认处于训练模式
x = torch.randn(2, 6)
assert (x != 0).all()  # check
y = drop(x)
print(x)
print(y)
kept = y != 0                          # 输入里没有 0，输出的 0 就是被丢弃的位置
print("丢弃个数:", (~kept).sum().item(), "/", y.numel())
# 保留的元素恰好乘以 1/(1-p)
scaled = x[kept] * (1 / (1 - p))
print("逐位等于 x * (1 / (1 - p)):", torch.equal(y[kept], scaled))
print("接近 x / (1 - p):", torch.allclose(y[kept], x[kept] / (1 - p)))
# --8<-- [end:train_mode]

# --8<-- [start:inplace]
import torch
import torch.nn as nn

ones = torch.ones(8)
out = nn.Dropout(0.3, inplace=True)(ones)
# inplace=True：改写并返回输入本身
print("返回的就是输入:", out is ones)
# --8<-- [end:inplace]

# --8<-- [start:drop_rate]
import torch
import torch.nn.functional as F

p = 0.3
g = torch.Generator().manual_seed(0)
n = 1_000_000
x = torch.rand(n, generator=g) + 1.0   # 全部非零
torch.manual_seed(0)
y = F.dropout(x, p=p, training=True)
rate = (y == 0).float().mean().item()
sigma = (p * (1 - p) / n) ** 0.5       # 丢弃比例的标准差（二项分布）
print(f"丢弃比例 {rate:.4f}，p = {p}，标准差 {sigma:.5f}，"
      f"偏差 {abs(rate - p) / sigma:.1f} 个标准差")
assert abs(rate - p) < 5 * sigma  # check
# 期望不变
print(f"均值：输入 {x.mean().item():.4f}，输出 {y.mean().item():.4f}")
assert abs(y.mean().item() - x.mean().item()) < 0.01  # check
# --8<-- [end:drop_rate]

# --8<-- [start:eval_mode]
import torch
import torch.nn as nn

drop = nn.Dropout(p=0.3)
x = torch.randn(2, 6)
drop.eval()
print("training:", drop.training)
y = drop(x)
print("输出等于输入:", torch.equal(y, x))   # 原样输出，不缩放
drop.train()                           # 回到训练模式
# --8<-- [end:eval_mode]

# --8<-- [start:functional]
import torch
import torch.nn as nn
import torch.nn.functional as F


class BadNet(nn.Module):
    def forward(self, x):
        return F.dropout(x, p=0.5)                         # training 默认 True


class GoodNet(nn.Module):
    def forward(self, x):
        return F.dropout(x, p=0.5, training=self.training)  # 跟着模块的模式走


x = torch.ones(1000)
bad, good = BadNet().eval(), GoodNet().eval()
torch.manual_seed(0)
out_bad = bad(x)
out_good = good(x)
# eval() 管不到 F.dropout 的默认值
print("BadNet.eval() 后置零的个数:", (out_bad == 0).sum().item())
print("GoodNet.eval() 后置零的个数:", (out_good == 0).sum().item())
assert (out_bad == 0).any()  # check
assert torch.equal(out_good, x)  # check
# --8<-- [end:functional]

# --8<-- [start:p_meaning]
import torch
import torch.nn as nn

x = torch.ones(10_000)
torch.manual_seed(0)
y = nn.Dropout(p=0.9)(x)
# 保留约 10%，不是 90%
print(f"p=0.9 时保留的比例: {(y != 0).float().mean().item():.4f}")
assert (y != 0).float().mean().item() < 0.15  # check
print("p=0 什么都不丢:", torch.equal(nn.Dropout(p=0.0)(x), x))
print("p=1 全部置零:", torch.equal(nn.Dropout(p=1.0)(x), torch.zeros_like(x)))
# --8<-- [end:p_meaning]

# --8<-- [start:p_out_of_range]
import torch.nn as nn

nn.Dropout(p=1.5)  # raises: ValueError: dropout probability has to be between 0 and 1
# --8<-- [end:p_out_of_range]
