"""学习率调度器：常用调度器的学习率序列、预热、按批次还是按轮调用、调用顺序的警告、学习率不变的排查、保存与恢复。"""
# --8<-- [start:curves]
import torch
from torch.optim import lr_scheduler as S

makers = {
    "StepLR": lambda o: S.StepLR(o, step_size=10, gamma=0.5),
    "MultiStepLR": lambda o: S.MultiStepLR(o, milestones=[15, 25], gamma=0.2),
    "ExponentialLR": lambda o: S.ExponentialLR(o, gamma=0.9),
    "CosineAnnealingLR": lambda o: S.CosineAnnealingLR(o, T_max=30),
    "OneCycleLR": lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=30),
    "Warmup+Cosine": lambda o: S.SequentialLR(
        o, [S.LinearLR(o, start_factor=0.1, total_iters=5),
            S.CosineAnnealingLR(o, T_max=25)], milestones=[5]),
}
curves = {}
for name, make in makers.items():
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    sched = make(opt)
    curves[name] = []
    for t in range(30):
        curves[name].append(sched.get_last_lr()[0])
        opt.step()
        sched.step()

print(" t", *(f"{name:>{len(name)}}" for name in curves))
for t in range(30):
    print(f"{t:2d}", *(f"{lrs[t]:>{len(n)}.4f}" for n, lrs in curves.items()))
import math  # check
assert all(abs(curves["StepLR"][t] - 0.1 * 0.5 ** (t // 10)) < 1e-12 for t in range(30))  # check
assert all(abs(curves["ExponentialLR"][t] - 0.1 * 0.9 ** t) < 1e-12 for t in range(30))  # check
cosine = [0.05 * (1 + math.cos(t * math.pi / 30)) for t in range(30)]  # check
assert all(abs(a - b) < 1e-12 for a, b in zip(curves["CosineAnnealingLR"], cosine))  # check
assert max(curves["OneCycleLR"]) == curves["OneCycleLR"][8]  # check
assert abs(curves["Warmup+Cosine"][5] - 0.1) < 1e-12  # check
# --8<-- [end:curves]

# --8<-- [start:decay]
import torch
from torch.optim import lr_scheduler

makers = {
    "StepLR": lambda o: lr_scheduler.StepLR(o, step_size=3, gamma=0.1),
    "MultiStepLR": lambda o: lr_scheduler.MultiStepLR(
        o, milestones=[2, 5], gamma=0.1),
    "ExponentialLR": lambda o: lr_scheduler.ExponentialLR(o, gamma=0.7),
}
for name, make in makers.items():
    w = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([w], lr=0.1)
    sched = make(opt)
    lrs = []
    for t in range(8):
        lrs.append(sched.get_last_lr()[0])     # 第 t 步要用的学习率
        opt.step()
        sched.step()
    print(f"{name:<14}", [round(lr, 4) for lr in lrs])
    expected = {  # check
        "StepLR": [0.1 * 0.1 ** (t // 3) for t in range(8)],
        "MultiStepLR": [0.1 * 0.1 ** sum(m <= t for m in (2, 5))
                        for t in range(8)],
        "ExponentialLR": [0.1 * 0.7 ** t for t in range(8)],
    }[name]
    assert all(abs(a - b) < 1e-12 for a, b in zip(lrs, expected))  # check
# --8<-- [end:decay]

# --8<-- [start:cosine]
import math

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1)
sched = CosineAnnealingLR(opt, T_max=4, eta_min=0.01)
lrs = []
for t in range(9):                             # 比 T_max 多走 4 步
    lrs.append(sched.get_last_lr()[0])
    opt.step()
    sched.step()
print("CosineAnnealingLR:", [round(lr, 4) for lr in lrs])
formula = [0.01 + 0.5 * (0.1 - 0.01) * (1 + math.cos(t * math.pi / 4))  # check
           for t in range(9)]
assert all(abs(a - b) < 1e-12 for a, b in zip(lrs, formula))  # check
assert abs(lrs[4] - 0.01) < 1e-12 and abs(lrs[8] - 0.1) < 1e-12  # check
# --8<-- [end:cosine]

# --8<-- [start:one_cycle]
import torch
from torch.optim.lr_scheduler import OneCycleLR

w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
sched = OneCycleLR(opt, max_lr=0.1, total_steps=10)
lrs, moms = [], []
for t in range(10):
    lrs.append(sched.get_last_lr()[0])
    moms.append(opt.param_groups[0]["momentum"])
    opt.step()
    sched.step()
print("学习率:", [round(lr, 4) for lr in lrs])
print("动量:  ", [round(m, 3) for m in moms])
print(f"起点 {lrs[0]:.4g}，终点 {lrs[-1]:.4g}")
assert abs(lrs[0] - 0.1 / 25) < 1e-12  # check
assert max(lrs) == lrs[2] and abs(lrs[2] - 0.1) < 1e-12  # check
assert abs(lrs[-1] - 0.1 / 25 / 1e4) < 1e-15  # check
assert abs(moms[0] - 0.95) < 1e-12 and abs(moms[2] - 0.85) < 1e-12  # check
assert abs(moms[-1] - 0.95) < 1e-12  # check
# --8<-- [end:one_cycle]

# --8<-- [start:lambda_warmup]
import torch
from torch.optim.lr_scheduler import LambdaLR

warmup = 4
w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1)
sched = LambdaLR(opt, lr_lambda=lambda t: min(1.0, (t + 1) / warmup))
print("构造之后优化器的 lr:", opt.param_groups[0]["lr"])
lrs = []
for t in range(7):
    lrs.append(sched.get_last_lr()[0])
    opt.step()
    sched.step()
print("LambdaLR 预热:", [round(lr, 4) for lr in lrs])
assert abs(lrs[0] - 0.025) < 1e-12  # check
assert all(abs(lr - 0.1) < 1e-12 for lr in lrs[3:])  # check
# --8<-- [end:lambda_warmup]

# --8<-- [start:warmup_cosine]
import torch
from torch.optim import lr_scheduler

w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1)
warm = lr_scheduler.LinearLR(opt, start_factor=0.25, total_iters=3)
cosine = lr_scheduler.CosineAnnealingLR(opt, T_max=5)
sched = lr_scheduler.SequentialLR(opt, [warm, cosine], milestones=[3])
lrs = []
for t in range(9):
    lrs.append(sched.get_last_lr()[0])
    opt.step()
    sched.step()
print("预热:", [round(lr, 4) for lr in lrs[:3]])
print("余弦:", [round(lr, 4) for lr in lrs[3:]])
import math  # check
assert all(abs(lrs[t] - 0.1 * (t + 1) / 4) < 1e-12 for t in range(3))  # check
cos_part = [0.05 * (1 + math.cos(t * math.pi / 5)) for t in range(6)]  # check
assert all(abs(a - b) < 1e-12 for a, b in zip(lrs[3:], cos_part))  # check
# --8<-- [end:warmup_cosine]

# --8<-- [start:plateau]
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1)
sched = ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=2)
val_losses = [1.0, 0.9, 0.95, 0.91, 0.92, 0.93, 0.8, 0.85]
for epoch, val_loss in enumerate(val_losses):
    opt.step()
    sched.step(val_loss)                       # 每轮结束传入验证损失
    lr = sched.get_last_lr()[0]
    print(f"第 {epoch} 轮 val_loss={val_loss:.2f}  "
          f"没有改进的轮数={sched.num_bad_epochs}  lr={lr:g}")
    assert lr == (0.1 if epoch < 4 else 0.05)  # check
# --8<-- [end:plateau]

# --8<-- [start:plateau_no_metric]
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1)
sched = ReduceLROnPlateau(opt, patience=2)
opt.step()
sched.step()  # raises: TypeError: missing 1 required positional argument: 'metrics'
# --8<-- [end:plateau_no_metric]

# --8<-- [start:verbose_removed]
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1)
import inspect  # check
from torch.optim import lr_scheduler  # check
schedulers = [c for c in vars(lr_scheduler).values() if isinstance(c, type) and issubclass(c, lr_scheduler.LRScheduler)]  # check
assert ReduceLROnPlateau in schedulers and len(schedulers) > 10  # check
assert not [c for c in schedulers if "verbose" in inspect.signature(c).parameters]  # check
ReduceLROnPlateau(opt, patience=2, verbose=True)  # raises: TypeError: got an unexpected keyword argument 'verbose'
# --8<-- [end:verbose_removed]

# --8<-- [start:get_last_lr]
import torch
from torch.optim.lr_scheduler import StepLR

body = torch.nn.Parameter(torch.zeros(2))
head = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([{"params": [body], "lr": 0.01},
                       {"params": [head], "lr": 0.1}])
sched = StepLR(opt, step_size=1, gamma=0.5)
opt.step()
sched.step()
print("get_last_lr():", sched.get_last_lr())
print("param_groups: ", [g["lr"] for g in opt.param_groups])
assert sched.get_last_lr() == [g["lr"] for g in opt.param_groups]  # check
# --8<-- [end:get_last_lr]

# --8<-- [start:per_epoch_vs_per_batch]
import torch
from torch.optim.lr_scheduler import StepLR

for where in ["每轮", "每个批次"]:
    w = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([w], lr=0.1)
    sched = StepLR(opt, step_size=2, gamma=0.5)
    start_lrs = []
    for epoch in range(4):
        start_lrs.append(sched.get_last_lr()[0])
        for batch in range(3):                 # 每轮 3 个批次
            opt.step()
            if where == "每个批次":
                sched.step()
        if where == "每轮":
            sched.step()
    print(f"{where}调用 step()，各轮开始时的 lr:",
          [round(lr, 6) for lr in start_lrs])
    assert sched.last_epoch == (4 if where == "每轮" else 12)  # check
# --8<-- [end:per_epoch_vs_per_batch]

# --8<-- [start:one_cycle_per_batch]
import torch
from torch.optim.lr_scheduler import OneCycleLR
from torch.utils.data import DataLoader, TensorDataset

loader = DataLoader(TensorDataset(torch.randn(10, 2)), batch_size=4)
epochs = 2
w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
sched = OneCycleLR(opt, max_lr=0.1, epochs=epochs,
                   steps_per_epoch=len(loader))
print("每轮批次数:", len(loader), " total_steps:", sched.total_steps)
for epoch in range(epochs):
    for (x,) in loader:
        opt.step()
        sched.step()                           # 每个批次一次
print("调用 step() 的次数:", sched.last_epoch)
assert sched.total_steps == epochs * len(loader) == 6  # check
assert sched.last_epoch == sched.total_steps  # check
# --8<-- [end:one_cycle_per_batch]

# --8<-- [start:one_cycle_too_many]
import torch
from torch.optim.lr_scheduler import OneCycleLR

w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
sched = OneCycleLR(opt, max_lr=0.1, epochs=2, steps_per_epoch=5)
for _ in range(2 * 5):                         # 2 轮 × 每轮 5 个批次
    opt.step()
    sched.step()
opt.step()                                     # 多出来的一个批次
sched.step()  # raises: ValueError: Tried to step 11 times. The specified number of total steps is 10
# --8<-- [end:one_cycle_too_many]

# --8<-- [start:step_order_warning]
import warnings

import torch
from torch.optim.lr_scheduler import LambdaLR

w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1)
sched = LambdaLR(opt, lr_lambda=lambda t: min(1.0, (t + 1) / 4))
used = []
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for t in range(5):
        sched.step()                           # 错误的顺序：调度器在前
        used.append(opt.param_groups[0]["lr"])
        opt.step()
print("警告条数:", len(caught))
print(f"{caught[0].category.__name__}: {caught[0].message}")
print("优化器实际用到的 lr:", [round(lr, 4) for lr in used])
assert len(caught) == 1 and caught[0].category is UserWarning  # check
assert abs(used[0] - 0.05) < 1e-12  # check
# --8<-- [end:step_order_warning]

# --8<-- [start:step_overridden_warning]
import types
import warnings

import torch
from torch.optim.lr_scheduler import StepLR


def count_steps(opt):
    """像 apex.amp 那样，把 opt.step 换成包装过的方法。"""
    original = opt.step
    opt.calls = 0

    def step(self, *args, **kwargs):
        self.calls += 1
        return original(*args, **kwargs)

    opt.step = types.MethodType(step, opt)


for order in ["先建调度器，再替换", "先替换，再建调度器"]:
    w = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([w], lr=0.1)
    if order == "先建调度器，再替换":
        sched = StepLR(opt, step_size=1, gamma=0.5)
        count_steps(opt)
    else:
        count_steps(opt)
        sched = StepLR(opt, step_size=1, gamma=0.5)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for t in range(3):
            opt.step()
            sched.step()
    print(f"{order}：step 调用 {opt.calls} 次，"
          f"lr {sched.get_last_lr()}，警告 {len(caught)} 条")
    for warning in caught:
        print(f"{warning.category.__name__}: {warning.message}")
    assert sched.get_last_lr() == [0.0125]  # check
    assert len(caught) == (1 if order == "先建调度器，再替换" else 0)  # check
# --8<-- [end:step_overridden_warning]

# --8<-- [start:epoch_argument_warning]
import warnings

import torch
from torch.optim.lr_scheduler import StepLR


def used_lrs(pass_epoch):
    """6 轮，每轮记下 optimizer.step() 用到的 lr。"""
    w = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([w], lr=0.1)
    sched = StepLR(opt, step_size=2, gamma=0.5)
    used = []
    for epoch in range(6):
        used.append(opt.param_groups[0]["lr"])
        opt.step()
        if pass_epoch:
            sched.step(epoch)                  # 旧写法：传入轮号
        else:
            sched.step()
    return used


print("step():     ", used_lrs(pass_epoch=False))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old = used_lrs(pass_epoch=True)
print("step(epoch):", old)
print(f"{caught[0].category.__name__}: {caught[0].message}")
assert all(c.category is UserWarning for c in caught)  # check
assert used_lrs(False) == [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]  # check
assert old == [0.1, 0.1, 0.1, 0.05, 0.05, 0.025]  # check
# --8<-- [end:epoch_argument_warning]

# --8<-- [start:lr_where_to_read]
import torch
from torch.optim.lr_scheduler import StepLR

lr = 0.1
w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=lr)
sched = StepLR(opt, step_size=2, gamma=0.5)
for epoch in range(6):
    opt.step()
    sched.step()
print("lr:                           ", lr)           # 传给优化器的变量
print("opt.defaults['lr']:           ", opt.defaults["lr"])
print("sched.base_lrs:               ", sched.base_lrs)
print("param_groups[0]['initial_lr']:", opt.param_groups[0]["initial_lr"])
# 下面两个才是当前的学习率
print("param_groups[0]['lr']:        ", opt.param_groups[0]["lr"])
print("sched.get_last_lr():          ", sched.get_last_lr())
assert sched.get_last_lr() == [opt.param_groups[0]["lr"]] == [0.0125]  # check
# --8<-- [end:lr_where_to_read]

# --8<-- [start:lr_not_changing]
import torch
from torch.optim.lr_scheduler import LambdaLR, StepLR


def step_lr(opt):
    return StepLR(opt, step_size=2, gamma=0.5)


def warmup(opt):
    return LambdaLR(opt, lr_lambda=lambda t: min(1.0, (t + 1) / 4))


def train(name, make, call_step=True, new_each_epoch=False):
    """训练 6 轮，打印 step() 的调用次数和每轮用到的 lr。"""
    w = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([w], lr=0.1)
    sched = make(opt)
    used = []
    for epoch in range(6):
        if new_each_epoch:
            sched = make(opt)                  # 错：每轮新建，计数从 0 开始
        used.append(f"{opt.param_groups[0]['lr']:g}")
        opt.step()
        if call_step:
            sched.step()
    print(f"{sched.last_epoch:>10}  {' '.join(used):<35}  {name}")


print("last_epoch  每轮用到的 lr")
train("StepLR，正确", step_lr)
train("忘了 sched.step()", step_lr, call_step=False)
train("step_size=10", lambda opt: StepLR(opt, step_size=10))
train("每轮新建 StepLR", step_lr, new_each_epoch=True)
train("LambdaLR 预热，正确", warmup)
train("每轮新建 LambdaLR", warmup, new_each_epoch=True)
o = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)  # check
for _ in range(3):  # check
    s = StepLR(o, step_size=1, gamma=0.5)
    o.step()
    s.step()
assert o.param_groups[0]["lr"] == 0.0125  # check
# --8<-- [end:lr_not_changing]

# --8<-- [start:wrong_optimizer]
import warnings

import torch
from torch.optim.lr_scheduler import StepLR

model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = StepLR(opt, step_size=2, gamma=0.5)
opt = torch.optim.SGD(model.parameters(), lr=0.1)  # 错：又建了一个优化器
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for epoch in range(6):
        opt.step()
        sched.step()
print("sched.get_last_lr():", sched.get_last_lr())
print("训练用的优化器的 lr:", opt.param_groups[0]["lr"])
print("调度器管的是它吗:", sched.optimizer is opt)
first_sentence = str(caught[0].message).split(". ")[0]
print(f"{caught[0].category.__name__}: {first_sentence}")
assert len(caught) == 1 and caught[0].category is UserWarning  # check
# --8<-- [end:wrong_optimizer]

# --8<-- [start:plateau_never_reduces]
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

train_loss = [1.0, 0.8, 0.7, 0.65, 0.62, 0.60, 0.59, 0.585]
val_loss = [1.0, 0.9, 0.85, 0.86, 0.87, 0.88, 0.89, 0.90]
val_acc = [0.50, 0.60, 0.66, 0.70, 0.69, 0.68, 0.68, 0.67]


def report(name, metrics, **kwargs):
    """每轮结束调用 step(metric)，打印各轮之后的 lr。"""
    w = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([w], lr=0.1)
    sched = ReduceLROnPlateau(opt, **kwargs)
    lrs = []
    for metric in metrics:
        opt.step()
        sched.step(metric)
        lrs.append(f"{sched.get_last_lr()[0]:<5g}")
    settings = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    print(" ".join(lrs), f" {name}, {settings}")


print("第 0 到 7 轮之后的 lr")
report("val_loss", val_loss, patience=2)
report("val_loss", val_loss, patience=10)      # 默认的 patience
report("train_loss", train_loss, patience=2)
report("val_acc", val_acc, mode="max", patience=2)
report("val_acc", val_acc, mode="min", patience=2)  # 默认的 mode
o = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)  # check
s = ReduceLROnPlateau(o)  # check
assert s.patience == 10 and s.mode == "min"  # check
flat = []  # check
for _ in range(12):  # check
    o.step()
    s.step(1.0)
    flat.append(s.get_last_lr()[0])
assert flat[:11] == [0.1] * 11 and flat[11] < 0.1  # check
# --8<-- [end:plateau_never_reduces]

# --8<-- [start:save_restore]
import torch
from torch.optim import lr_scheduler


def build():
    w = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
    warm = lr_scheduler.LinearLR(opt, start_factor=0.25, total_iters=3)
    cosine = lr_scheduler.CosineAnnealingLR(opt, T_max=5)
    sched = lr_scheduler.SequentialLR(opt, [warm, cosine], milestones=[3])
    return opt, sched


def run(opt, sched, steps):
    lrs = []
    for _ in range(steps):
        lrs.append(round(sched.get_last_lr()[0], 4))
        opt.step()
        sched.step()
    return lrs


opt, sched = build()
full = run(opt, sched, 8)                      # 不中断，一口气 8 步

opt, sched = build()
first = run(opt, sched, 3)                     # 走 3 步后保存
ckpt = {"optimizer": opt.state_dict(), "scheduler": sched.state_dict()}
assert len(ckpt["scheduler"]["_schedulers"]) == 2  # check

opt2, sched2 = build()                         # 新进程里：先重建
opt2.load_state_dict(ckpt["optimizer"])        # 再恢复两者的状态
sched2.load_state_dict(ckpt["scheduler"])
rest = run(opt2, sched2, 5)
print("不中断:   ", full)
print("保存前:   ", first)
print("恢复后:   ", rest)
print("接得上:", first + rest == full)
assert first + rest == full  # check
assert ckpt["optimizer"]["param_groups"][0]["initial_lr"] == 0.1  # check
assert ckpt["scheduler"]["last_epoch"] == 3  # check
w3 = torch.nn.Parameter(torch.zeros(1))  # check
opt3 = torch.optim.SGD([w3], lr=0.1, momentum=0.9)  # check
opt3.load_state_dict(ckpt["optimizer"])  # check
assert opt3.param_groups[0]["lr"] == 0.1  # check
lr_scheduler.LinearLR(opt3, start_factor=0.25, total_iters=3)  # check
assert opt3.param_groups[0]["lr"] == 0.025  # check
# --8<-- [end:save_restore]

# --8<-- [start:restore_scheduler_only]
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1)
sched = CosineAnnealingLR(opt, T_max=6)
expected = []
for t in range(6):
    if t == 3:
        saved = sched.state_dict()             # 第 3 步前保存
    if t >= 3:
        expected.append(round(sched.get_last_lr()[0], 4))
    opt.step()
    sched.step()

w2 = torch.nn.Parameter(torch.zeros(1))
opt2 = torch.optim.SGD([w2], lr=0.1)
sched2 = CosineAnnealingLR(opt2, T_max=6)
sched2.load_state_dict(saved)                  # 忘了恢复优化器
assert "lr" not in saved and "lr" in opt.state_dict()["param_groups"][0]  # check
print("get_last_lr():", [round(lr, 4) for lr in sched2.get_last_lr()])
print("优化器实际的 lr:", opt2.param_groups[0]["lr"])
got = []
for _ in range(3):
    got.append(round(opt2.param_groups[0]["lr"], 4))
    opt2.step()
    sched2.step()
print("恢复后 3 步:", got, " 应为:", expected)
assert got != expected  # check
# --8<-- [end:restore_scheduler_only]

# --8<-- [start:last_epoch_initial_lr]
import torch
from torch.optim.lr_scheduler import StepLR

w = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([w], lr=0.1)             # 新建的优化器，没有恢复状态
print("参数组里有 initial_lr:", "initial_lr" in opt.param_groups[0])
probe = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)  # check
StepLR(probe, step_size=3)  # check
assert probe.state_dict()["param_groups"][0]["initial_lr"] == 0.1  # check
# 想从第 10 轮接着训练
StepLR(opt, step_size=3, last_epoch=9)  # raises: KeyError: param 'initial_lr' is not specified in param_groups[0]
# --8<-- [end:last_epoch_initial_lr]
