"""参数组：param_groups 的结构、分层学习率、不衰减的参数、手动改学习率、add_param_group、分组的报错。"""
# --8<-- [start:param_groups_list]
import torch
import torch.nn as nn

model = nn.Linear(3, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
print("类型:", type(opt.param_groups).__name__, " 组数:", len(opt.param_groups))
group = opt.param_groups[0]
print("params:", [tuple(p.shape) for p in group["params"]])
print("是模型的参数本身:", group["params"][0] is model.weight)
for key, value in group.items():
    if key != "params":
        print(f"  {key} = {value}")
assert isinstance(opt.param_groups, list) and len(opt.param_groups) == 1  # check
assert group["params"][0] is model.weight and group["params"][1] is model.bias  # check
assert group["lr"] == 0.1 and group["momentum"] == 0  # check
# --8<-- [end:param_groups_list]

# --8<-- [start:group_defaults]
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(3, 3), nn.Linear(3, 1))
opt = torch.optim.SGD([
    {"params": model[0].parameters(), "lr": 0.01},  # 这一组自己给 lr
    {"params": model[1].parameters()},              # 什么都没给
], lr=0.1, momentum=0.9)
for i, g in enumerate(opt.param_groups):
    print(f"第 {i} 组: lr={g['lr']}  momentum={g['momentum']}"
          f"  weight_decay={g['weight_decay']}")
print("defaults:", {k: opt.defaults[k] for k in ("lr", "momentum")})

adamw = torch.optim.AdamW(model.parameters())
print("AdamW 默认:", {k: adamw.param_groups[0][k]
                      for k in ("lr", "weight_decay")})
assert [g["lr"] for g in opt.param_groups] == [0.01, 0.1]  # check
assert all(g["momentum"] == 0.9 and g["weight_decay"] == 0 for g in opt.param_groups)  # check
assert adamw.param_groups[0]["weight_decay"] == 0.01  # check
assert adamw.param_groups[0]["lr"] == 0.001  # check
# --8<-- [end:group_defaults]

# --8<-- [start:per_layer_lr]
from collections import OrderedDict

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(OrderedDict(
    backbone=nn.Linear(4, 8), act=nn.ReLU(), head=nn.Linear(8, 2)))
opt = torch.optim.SGD([
    {"params": model.backbone.parameters()},          # 用构造时的 lr
    {"params": model.head.parameters(), "lr": 1e-3},
], lr=1e-4)

before = {n: p.detach().clone() for n, p in model.named_parameters()}
loss = model(torch.randn(16, 4)).pow(2).mean()
loss.backward()
opt.step()

# 每个参数实际走的步长: |Δp| / |g|
for name, p in model.named_parameters():
    step = (before[name] - p.detach()).norm() / p.grad.norm()
    print(f"{name:15} 步长 {step:.1e}")
for g in opt.param_groups:  # check
    for p in g["params"]:
        name = next(n for n, q in model.named_parameters() if q is p)
        assert torch.allclose(p, before[name] - g["lr"] * p.grad, atol=1e-7)  # check
# --8<-- [end:per_layer_lr]

# --8<-- [start:no_decay_ndim]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.LayerNorm(8), nn.Linear(8, 2))
decay, no_decay = [], []
for name, p in model.named_parameters():
    # 矩阵（ndim >= 2）衰减；偏置、归一化层的权重（ndim == 1）不衰减
    (decay if p.ndim >= 2 else no_decay).append(name)
print("衰减:  ", decay)
print("不衰减:", no_decay)

params = dict(model.named_parameters())
lr, wd = 0.1, 0.5
opt = torch.optim.SGD([
    {"params": [params[n] for n in decay], "weight_decay": wd},
    {"params": [params[n] for n in no_decay], "weight_decay": 0.0},
], lr=lr)

before = {n: p.detach().clone() for n, p in params.items()}
model(torch.randn(16, 4)).pow(2).mean().backward()
opt.step()

# 梯度那部分之外的变化: p_new - (p - lr * g)
for name, p in params.items():
    extra = p.detach() - (before[name] - lr * p.grad)
    print(f"{name:9} 梯度之外的变化 max|Δ| = {extra.abs().max():.4f}")
for name in decay:  # check
    extra = params[name].detach() - (before[name] - lr * params[name].grad)
    assert torch.allclose(extra, -lr * wd * before[name], atol=1e-6)
for name in no_decay:  # check
    p = params[name]
    assert torch.allclose(p, before[name] - lr * p.grad, atol=1e-7)
assert decay == ["0.weight", "2.weight"]  # check
assert nn.Conv2d(1, 1, 3).weight.ndim == 4 and nn.BatchNorm1d(3).weight.ndim == 1  # check
# --8<-- [end:no_decay_ndim]

# --8<-- [start:no_decay_module]
import torch
import torch.nn as nn

model = nn.Sequential(nn.Embedding(10, 4), nn.LayerNorm(4), nn.Linear(4, 2))
no_decay_types = (nn.Embedding, nn.LayerNorm)
decay, no_decay = {}, {}
for mname, module in model.named_modules():
    # recurse=False: 每个参数只在它直属的模块里出现一次
    for pname, p in module.named_parameters(recurse=False):
        name = f"{mname}.{pname}" if mname else pname
        if pname == "bias" or isinstance(module, no_decay_types):
            no_decay[name] = p
        else:
            decay[name] = p
print("按模块类型 衰减:  ", list(decay))
print("按模块类型 不衰减:", list(no_decay))
by_ndim = [n for n, p in model.named_parameters() if p.ndim >= 2]
print("按 ndim    衰减:  ", by_ndim)

opt = torch.optim.AdamW([
    {"params": list(decay.values()), "weight_decay": 0.1},
    {"params": list(no_decay.values()), "weight_decay": 0.0},
], lr=1e-3)
print("各组参数个数:", [len(g["params"]) for g in opt.param_groups])
assert list(decay) == ["2.weight"]  # check
assert by_ndim == ["0.weight", "2.weight"]  # check
assert len(decay) + len(no_decay) == len(list(model.parameters()))  # check
# --8<-- [end:no_decay_module]

# --8<-- [start:set_lr]
import torch

a = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.01}], lr=0.1)
for step in range(3):
    if step == 2:
        for g in opt.param_groups:
            g["lr"] = g["lr"] * 0.5            # 每组各自减半
    opt.zero_grad()
    (a + b).sum().backward()                   # 梯度都是 1：每步减去 lr
    opt.step()
    lrs = [g["lr"] for g in opt.param_groups]
    print(f"第 {step} 步: lr={lrs}  a={a.item():.4f}  b={b.item():.4f}")
assert torch.allclose(a, torch.tensor([-0.25])) and torch.allclose(b, torch.tensor([-0.025]))  # check
# --8<-- [end:set_lr]

# --8<-- [start:set_lr_wrong]
import torch

a = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([a], lr=0.1)
opt.lr = 0.5                                   # 只是给对象加了个属性
opt.defaults["lr"] = 0.5                       # 已有的组不看 defaults
a.sum().backward()
opt.step()
print("组里的 lr:", opt.param_groups[0]["lr"])
print(f"一步之后 a = {a.item():.4f}")
assert opt.param_groups[0]["lr"] == 0.1 and torch.allclose(a, torch.tensor([-0.1]))  # check
# --8<-- [end:set_lr_wrong]

# --8<-- [start:add_param_group]
from collections import OrderedDict

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(OrderedDict(
    backbone=nn.Linear(4, 8), act=nn.ReLU(), head=nn.Linear(8, 2)))
model.backbone.requires_grad_(False)                 # 先只训练 head
opt = torch.optim.SGD(model.head.parameters(), lr=1e-3, momentum=0.9)
x, y = torch.randn(16, 4), torch.randn(16, 2)

for step in range(3):
    if step == 1:
        model.backbone.requires_grad_(True)          # 解冻
    if step == 2:
        opt.add_param_group({"params": model.backbone.parameters(),
                             "lr": 1e-4})
    w = model.backbone.weight
    before = w.detach().clone()
    opt.zero_grad()
    nn.functional.mse_loss(model(x), y).backward()
    opt.step()
    print(f"第 {step} 步: 组数={len(opt.param_groups)}"
          f"  有梯度={w.grad is not None}"
          f"  backbone 变了={not torch.equal(w, before)}")
    assert (step == 2) == (not torch.equal(w, before))  # check
    assert step != 2 or torch.allclose(w, before - 1e-4 * w.grad, atol=1e-8)  # check

new = opt.param_groups[1]
print("新组:", {k: new[k] for k in ("lr", "momentum", "weight_decay")})
assert new["momentum"] == 0.9  # check
# --8<-- [end:add_param_group]

# --8<-- [start:add_group_defaults]
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 8), nn.Linear(8, 2))
opt = torch.optim.SGD(model[1].parameters(), lr=1e-3)
for g in opt.param_groups:
    g["lr"] = 1e-4                             # 训练中把学习率降了
opt.add_param_group({"params": model[0].parameters()})   # 没给 lr
print("各组 lr:", [g["lr"] for g in opt.param_groups])
print("defaults 的 lr:", opt.defaults["lr"])
assert [g["lr"] for g in opt.param_groups] == [1e-4, 1e-3]  # check
# --8<-- [end:add_group_defaults]

# --8<-- [start:unknown_key]
import torch

a = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([{"params": [a], "learning_rate": 1.0}], lr=0.1)
a.sum().backward()                             # 梯度是 1
opt.step()
g = opt.param_groups[0]
print("组里的键:", [k for k in g if k in ("lr", "learning_rate")])
print(f"用的是 lr={g['lr']}：一步之后 a = {a.item():.4f}")
assert torch.allclose(a, torch.tensor([-0.1]))  # check
# --8<-- [end:unknown_key]

# --8<-- [start:duplicate_param]
from collections import OrderedDict

import torch
import torch.nn as nn

model = nn.Sequential(OrderedDict(
    backbone=nn.Linear(4, 8), act=nn.ReLU(), head=nn.Linear(8, 2)))
groups = [
    {"params": model.head.parameters(), "lr": 1e-3},
    {"params": model.parameters()},     # 又包含了 head 的参数
]
torch.optim.SGD(groups, lr=1e-4)  # raises: ValueError: some parameters appear in more than one parameter group
# --8<-- [end:duplicate_param]

# --8<-- [start:rest_group]
from collections import OrderedDict

import torch
import torch.nn as nn

model = nn.Sequential(OrderedDict(
    backbone=nn.Linear(4, 8), act=nn.ReLU(), head=nn.Linear(8, 2)))
head_ids = {id(p) for p in model.head.parameters()}
rest = [p for p in model.parameters() if id(p) not in head_ids]
opt = torch.optim.SGD([
    {"params": model.head.parameters(), "lr": 1e-3},
    {"params": rest},
], lr=1e-4)
print("各组参数个数:", [len(g["params"]) for g in opt.param_groups])
print("各组 lr:", [g["lr"] for g in opt.param_groups])
assert sum(len(g["params"]) for g in opt.param_groups) == 4  # check
# --8<-- [end:rest_group]

# --8<-- [start:set_params]
from collections import OrderedDict

import torch
import torch.nn as nn

model = nn.Sequential(OrderedDict(
    backbone=nn.Linear(4, 8), act=nn.ReLU(), head=nn.Linear(8, 2)))
rest = set(model.parameters()) - set(model.head.parameters())
torch.optim.SGD([{"params": rest}], lr=1e-4)  # raises: TypeError: optimizer parameters need to be organized in ordered collections
# --8<-- [end:set_params]

# --8<-- [start:missing_params]
import torch
import torch.nn as nn

model = nn.Linear(4, 2)
torch.optim.SGD([{"param": model.parameters()}], lr=0.1)  # 少了个 s  # raises: KeyError: 'params'
# --8<-- [end:missing_params]

# --8<-- [start:module_as_params]
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 8), nn.Linear(8, 2))
groups = [
    {"params": model[0], "lr": 1e-4},   # 模块本身，不是 .parameters()
    {"params": model[1].parameters()},
]
torch.optim.SGD(groups, lr=1e-3)  # raises: TypeError: 'Linear' object is not iterable
# --8<-- [end:module_as_params]
