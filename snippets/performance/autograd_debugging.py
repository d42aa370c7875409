"""调试自动求导：原地修改报错与 _version 计数器、异常检测（set_detect_anomaly /
detect_anomaly）的前向回溯、追查 NaN、计算图断开时的报错。"""
# --8<-- [start:read_message]
import torch

x = torch.randn(2, 3, requires_grad=True)
y = x.exp()                    # exp 的导数是它自己：反向要用 y，y 被保存
print("保存时 y 的版本号:", y._version)
y += 1                         # 原地修改：版本号 +1
y[0] = 0.0                     # 给一部分赋值也是原地修改：再 +1
print("反向传播前的版本号:", y._version)
assert y.grad_fn.name().endswith("CopySlices")  # check
y.sum().backward()  # raises: RuntimeError: is at version 2; expected version 0 instead
# --8<-- [end:read_message]

# --8<-- [start:version_counter]
import torch

x = torch.randn(4, requires_grad=True)
y = x.exp()
print("新建:             ", y._version)
z = y * 2                      # 非原地运算：y 不变，z 是新张量
print("y * 2 之后:       ", y._version, " z:", z._version)
y.mul_(2)
print("y.mul_(2) 之后:   ", y._version)
y[1:].zero_()                  # 视图与 y 共用同一个计数器
print("视图 zero_ 之后:  ", y._version)
y.detach().add_(1)             # detach() 的结果也共用
print("detach().add_ 后: ", y._version)
y.data.add_(1)                 # .data 不计数：改了也查不出来
print(".data.add_ 之后:  ", y._version)
assert y.detach()._version == y._version == y[1:]._version  # check
assert y.detach().data_ptr() == y.data_ptr()  # check
s = torch.randn(3, requires_grad=True).sigmoid()  # check
s.detach().zero_()  # check
try:  # check
    s.sum().backward()
    raise AssertionError("detach() 之后的原地修改没有被发现")
except RuntimeError as error:
    assert "modified by an inplace operation" in str(error)
assert y.data._version == 0  # check
# --8<-- [end:version_counter]

# --8<-- [start:not_saved]
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x + 1                      # 加法的反向不需要 y 的值，y 不被保存
y.mul_(2)                      # 原地修改 y：版本号变了，但没人保存它
y.sum().backward()
print("y 的版本号:", y._version)
print("x.grad:", x.grad)       # d(2(x + 1))/dx = 2，梯度是对的
assert torch.equal(x.grad, torch.full((3,), 2.0))  # check
# --8<-- [end:not_saved]

# --8<-- [start:saved_leaf]
import torch

w = torch.randn(3, requires_grad=True)
x = torch.ones(3)              # 输入数据：不需要梯度的叶子张量
y = (w * x).sum()              # 乘法保存 x：对 w 的梯度就是 x
x.mul_(0.5)                    # 前向之后就地改了输入（比如做归一化）
y.backward()  # raises: RuntimeError: [torch.FloatTensor [3]] is at version 1; expected version 0 instead.
# --8<-- [end:saved_leaf]

# --8<-- [start:step_between]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
out = model(torch.randn(5, 3))
loss_a = out[:, 0].mean()
loss_b = out[:, 1].mean()      # 两个损失共用一次前向
print("第二层权重:", tuple(model[2].weight.shape),
      "版本号:", model[2].weight._version)
assert torch.equal(out.grad_fn._saved_mat2, model[2].weight.t())  # check
assert nn.Linear(3, 4).weight._version == 1  # check
loss_a.backward(retain_graph=True)
opt.step()                     # 原地更新参数：版本号 +1
print("step() 之后的版本号:", model[2].weight._version)
loss_b.backward()  # raises: RuntimeError: is at version 2; expected version 1 instead
# --8<-- [end:step_between]

# --8<-- [start:step_after_backward]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x = torch.randn(5, 3)
out = model(x)
out[:, 0].mean().backward(retain_graph=True)
out[:, 1].mean().backward()    # 所有 backward 都在 step() 之前
two = [p.grad.clone() for p in model.parameters()]

model.zero_grad()
out = model(x)
(out[:, 0].mean() + out[:, 1].mean()).backward()   # 或者先相加，只做一次
same = all(torch.allclose(p.grad, g) for p, g in zip(model.parameters(), two))
print("两种写法的梯度相同:", same)
opt.step()                     # 最后才更新参数
print("step() 之后的版本号:", model[2].weight._version)
# --8<-- [end:step_after_backward]

# --8<-- [start:anomaly_switches]
import warnings

import torch

print("默认:", torch.is_anomaly_enabled())
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with torch.autograd.detect_anomaly():
        print("detect_anomaly() 里:", torch.is_anomaly_enabled(),
              " check_nan:", torch.is_anomaly_check_nan_enabled())
print("它发出的警告:", caught[0].message)
with torch.autograd.set_detect_anomaly(True, check_nan=False):
    print("set_detect_anomaly(True, check_nan=False) 里:",
          torch.is_anomaly_enabled(),
          " check_nan:", torch.is_anomaly_check_nan_enabled())
print("离开 with 之后:", torch.is_anomaly_enabled())
torch.autograd.set_detect_anomaly(True)   # 当函数调用：一直开着
print("调用 set_detect_anomaly(True) 之后:", torch.is_anomaly_enabled())
torch.autograd.set_detect_anomaly(False)
print("再调用 set_detect_anomaly(False):", torch.is_anomaly_enabled())
with warnings.catch_warnings(record=True):  # check
    warnings.simplefilter("always")
    torch.autograd.detect_anomaly()
    assert not torch.is_anomaly_enabled()
assert len(caught) == 1 and caught[0].category is UserWarning  # check
# --8<-- [end:anomaly_switches]

# --8<-- [start:anomaly_inplace]
import warnings

import torch
import torch.nn as nn


def show(message, category, *args, **kwargs):
    # 警告改打印到 stdout：只留第一行和回溯的最后一行，去掉随机器变化的路径
    lines = str(message).split(" (Triggered")[0].splitlines()
    print(f"{category.__name__}: {lines[0]}")
    print("回溯的最后一行:", lines[-1].strip())


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        h = torch.sigmoid(self.fc(x))     # sigmoid 保存输出 h
        h -= h.mean()                     # 原地修改了 h
        return h


torch.manual_seed(0)
model = Net()
with warnings.catch_warnings(), torch.autograd.set_detect_anomaly(True):
    warnings.showwarning = show           # 离开 with 后恢复
    loss = model(torch.randn(2, 4)).pow(2).sum()   # 前向也要在里面
    loss.backward()  # raises: RuntimeError: The variable in question was changed in there or anywhere later
# --8<-- [end:anomaly_inplace]

# --8<-- [start:version_bisect]
import torch

torch.manual_seed(0)
x = torch.randn(2, 4, requires_grad=True)
h = torch.sigmoid(x)                      # 异常检测指向这一行
print("sigmoid 之后:   ", h._version)
m = h.mean()
print("h.mean() 之后:  ", h._version)
h -= m
print("h -= m 之后:    ", h._version)     # 变了：就是这一行

# 改成非原地：h - m 是新张量，sigmoid 保存的 h 不变
h = torch.sigmoid(x)
out = h - h.mean()
out.pow(2).sum().backward()
print("sigmoid 保存的 h 的版本号:", h._version)
print("梯度是有限值:", torch.isfinite(x.grad).all().item())
# --8<-- [end:version_bisect]

# --8<-- [start:nan_where]
import torch

x = torch.tensor([-1.0, 4.0], requires_grad=True)
y = torch.where(x > 0, torch.sqrt(x), 0.0)   # 只对正数开方，负数取 0
print("前向:", y)
y.sum().backward()
print("梯度:", x.grad)
print("梯度都是有限值:", torch.isfinite(x.grad).all().item())
print("sqrt(-1) =", torch.sqrt(torch.tensor(-1.0)).item(),
      " 0 * nan =", (torch.tensor(0.0) * torch.nan).item())
assert torch.isnan(x.grad[0]) and x.grad[1] == 0.25  # check
# --8<-- [end:nan_where]

# --8<-- [start:nan_anomaly]
import warnings

import torch


def show(message, category, *args, **kwargs):
    # 警告改打印到 stdout：只留第一行和回溯的最后一行，去掉随机器变化的路径
    lines = str(message).split(" (Triggered")[0].splitlines()
    print(f"{category.__name__}: {lines[0]}")
    print("回溯的最后一行:", lines[-1].strip())


x = torch.tensor([-1.0, 4.0], requires_grad=True)
# check_nan 默认为 True
with warnings.catch_warnings(), torch.autograd.set_detect_anomaly(True):
    warnings.showwarning = show
    y = torch.where(x > 0, torch.sqrt(x), 0.0)
    y.sum().backward()  # raises: RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.
# --8<-- [end:nan_anomaly]

# --8<-- [start:anomaly_too_late]
import warnings

import torch


def show(message, category, *args, **kwargs):
    # 警告改打印到 stdout，去掉随机器变化的路径和行号
    print(f"{category.__name__}: {str(message).split(' (Triggered')[0]}")


x = torch.tensor([-1.0, 4.0], requires_grad=True)
y = torch.where(x > 0, torch.sqrt(x), 0.0)     # 前向时异常检测还没打开
with warnings.catch_warnings(), torch.autograd.set_detect_anomaly(True):
    warnings.showwarning = show
    y.sum().backward()  # raises: RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.
# --8<-- [end:anomaly_too_late]

# --8<-- [start:nan_where_fix]
import torch

x = torch.tensor([-1.0, 4.0], requires_grad=True)
safe = torch.where(x > 0, x, 1.0)         # 先把不用的位置换成安全的值
y = torch.where(x > 0, torch.sqrt(safe), 0.0)
y.sum().backward()
print("前向:", y.detach())
print("梯度:", x.grad)
assert torch.equal(x.grad, torch.tensor([0.0, 0.25]))  # check
# --8<-- [end:nan_where_fix]

# --8<-- [start:nan_inf_first]
import warnings

import torch

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([1.0, 2.0])              # 与 a 重合：距离为 0
diff = a - b
sq = diff.pow(2).sum()
dist = torch.sqrt(sq)
for t in (diff, sq, dist):
    t.retain_grad()
dist.backward()
print("dist.grad:", dist.grad)
print("sq.grad:  ", sq.grad)              # 1 / (2 * sqrt(0)) = inf
print("diff.grad:", diff.grad)            # 2 * 0 * inf = nan

with warnings.catch_warnings(), torch.autograd.set_detect_anomaly(True):
    warnings.simplefilter("ignore")       # 这里只看报错，不看回溯
    dist = torch.sqrt((a - b).pow(2).sum())
    dist.backward()  # raises: RuntimeError: Function 'PowBackward0' returned nan values in its 0th output.
# --8<-- [end:nan_inf_first]

# --8<-- [start:norm_at_zero]
import torch

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([1.0, 2.0])
dist = torch.linalg.vector_norm(a - b)    # 在 0 处定义了次梯度 0
dist.backward()
print("vector_norm:", dist.item(), " 梯度:", a.grad)
a.grad = None
dist = torch.sqrt((a - b).pow(2).sum() + 1e-12)   # 或者在根号里加一个小数
dist.backward()
print("加 eps:", f"{dist.item():.0e}", " 梯度:", a.grad)
assert torch.equal(a.grad, torch.zeros(2))  # check
# --8<-- [end:norm_at_zero]

# --8<-- [start:forward_nan]
import torch

x = torch.tensor([-1.0, 4.0], requires_grad=True)
with torch.autograd.set_detect_anomaly(True):
    loss = torch.log(x).sum()             # log(-1) = nan，在前向里
    loss.backward()                       # 反向没有产生 NaN：不报错
print("loss:", loss.item())
print("梯度:", x.grad)                    # 1 / x：有限值
assert torch.isnan(loss) and torch.isfinite(x.grad).all()  # check
# --8<-- [end:forward_nan]

# --8<-- [start:nan_probe]
import torch
import torch.nn as nn


class Normalize(nn.Module):
    def forward(self, x):
        return x / x.norm(dim=1, keepdim=True)   # 全 0 的行：0 / 0


model = nn.Sequential(Normalize(), nn.Linear(3, 4), nn.ReLU(),
                      nn.Linear(4, 1))
bad = []                                  # 输出含 NaN 或 inf 的模块


def watch(name):
    def hook(module, args, output):
        if not torch.isfinite(output).all():
            bad.append(f"{name} ({type(module).__name__})")
    return hook


for name, module in model.named_children():
    module.register_forward_hook(watch(name))

torch.manual_seed(0)
x = torch.randn(4, 3)
x[2] = 0.0                                # 一个全 0 的样本
loss = model(x).mean()
print("loss:", loss.item())
print("输出不是有限值的模块（按执行顺序）:", bad)
print("输入里有非有限值:", not torch.isfinite(x).all().item())
assert bad[0] == "0 (Normalize)"  # check
# --8<-- [end:nan_probe]

# --8<-- [start:no_grad_fn]
import numpy as np
import torch
import torch.nn as nn


class NumpyReLU(nn.Module):
    def forward(self, x):
        # 直接 x.numpy() 会报错，于是加了 detach()：图在这里断开
        return torch.from_numpy(np.maximum(x.detach().numpy(), 0))


torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 2), NumpyReLU())
loss = model(torch.randn(4, 3)).sum()
print("loss.requires_grad:", loss.requires_grad, " grad_fn:", loss.grad_fn)
loss.backward()  # raises: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
# --8<-- [end:no_grad_fn]

# --8<-- [start:find_break]
import numpy as np
import torch
import torch.nn as nn


class NumpyReLU(nn.Module):
    def forward(self, x):
        return torch.from_numpy(np.maximum(x.detach().numpy(), 0))


def report(name):
    def hook(module, args, output):
        kind = type(module).__name__
        print(f"{name} {kind:9} 输出 requires_grad={output.requires_grad}")
    return hook


torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), NumpyReLU(), nn.Linear(4, 1))
print("梯度模式开着:", torch.is_grad_enabled())
print("需要梯度的参数:", sum(p.requires_grad for p in model.parameters()))
for name, module in model.named_children():
    module.register_forward_hook(report(name))

loss = model(torch.randn(4, 3)).sum()
loss.backward()                           # 后面还有参数：不报错
missing = [n for n, p in model.named_parameters() if p.grad is None]
print("没有得到梯度的参数:", missing)
assert missing == ["0.weight", "0.bias"]  # check
# --8<-- [end:find_break]
