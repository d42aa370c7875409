"""state_dict：里面有什么、顺序、它是引用不是副本，优化器的 state_dict，完整训练检查点。"""
# --8<-- [start:contents]
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
        self.bn = nn.BatchNorm1d(2)
        # 非持久缓冲区：随 .to() 移动，但不进 state_dict
        self.register_buffer("scale", torch.ones(2), persistent=False)
        self.plain = torch.zeros(2)           # 普通张量属性：没有注册
        self.extra = [nn.Linear(2, 2)]        # 普通 list 里的子模块：没有注册

    def forward(self, x):
        return self.bn(self.fc(x)) * self.scale


model = Net()
sd = model.state_dict()
for name, t in sd.items():
    print(f"{name:22} {str(tuple(t.shape)):7} {t.dtype}")

params = [name for name, _ in model.named_parameters()]
buffers = [name for name, _ in model.named_buffers()]
print("parameters:", params)
print("buffers:   ", buffers)
kept = model.state_dict(keep_vars=True)["fc.weight"]
print("keep_vars=False:", type(sd["fc.weight"]).__name__,
      "| keep_vars=True:", type(kept).__name__)
assert params == ["fc.weight", "fc.bias", "bn.weight", "bn.bias"]  # check
assert "bn.running_mean" in sd and "bn.running_var" in sd  # check
assert sd["bn.num_batches_tracked"].dtype == torch.int64  # check
assert "scale" in buffers and "scale" not in sd  # check
assert not any(k.startswith(("plain", "extra")) for k in sd)  # check
assert isinstance(kept, nn.Parameter)  # check
# --8<-- [end:contents]

# --8<-- [start:order]
from collections import OrderedDict

import torch.nn as nn

# 用 OrderedDict 给 Sequential 的两层起名 fc、bn
model = nn.Sequential(OrderedDict(fc=nn.Linear(3, 2), bn=nn.BatchNorm1d(2)))
sd = model.state_dict()
print(type(sd).__name__, list(sd))
assert isinstance(sd, OrderedDict)  # check
assert list(sd) == ["fc.weight", "fc.bias",  # check
                    "bn.weight", "bn.bias",
                    "bn.running_mean", "bn.running_var", "bn.num_batches_tracked"]
# --8<-- [end:order]

# --8<-- [start:references]
import copy
from collections import OrderedDict

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(OrderedDict(fc=nn.Linear(3, 2), bn=nn.BatchNorm1d(2)))
sd = model.state_dict()
w = sd["fc.weight"]
print("共享存储:", w.data_ptr() == model.fc.weight.data_ptr())
print("requires_grad:", w.requires_grad, "| grad_fn:", w.grad_fn)
before = w[0, 0].item()

snapshot = copy.deepcopy(model.state_dict())                       # 做法一
snapshot2 = {k: v.clone() for k, v in model.state_dict().items()}  # 做法二

with torch.no_grad():
    model.fc.weight.add_(1.0)          # 模型参数变了（相当于训练了一步）

print(f"fc.weight[0, 0] before:  {before:.4f}")
print(f"state_dict taken before: {sd['fc.weight'][0, 0].item():.4f}")
print(f"deepcopy snapshot:       {snapshot['fc.weight'][0, 0].item():.4f}")
print(f"clone snapshot:          {snapshot2['fc.weight'][0, 0].item():.4f}")
assert torch.equal(sd["fc.weight"], model.fc.weight)  # check
assert snapshot["fc.weight"][0, 0].item() == before  # check
assert snapshot2["fc.weight"][0, 0].item() == before  # check
# --8<-- [end:references]

# --8<-- [start:optimizer]
from collections import OrderedDict

import torch
import torch.nn as nn

model = nn.Sequential(OrderedDict(fc=nn.Linear(3, 2), bn=nn.BatchNorm1d(2)))
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
osd = opt.state_dict()
group = osd["param_groups"][0]
print("keys:", list(osd))
print("state before step:", osd["state"])
# params 是参数的序号，不是张量
print("params:", group["params"], "lr:", group["lr"],
      "momentum:", group["momentum"])
assert list(osd) == ["state", "param_groups"]  # check
assert osd["state"] == {}  # check
assert group["params"] == [0, 1, 2, 3]  # check

x, y = torch.randn(4, 3), torch.randn(4, 2)
nn.functional.mse_loss(model(x), y).backward()
opt.step()                             # 训练一步
osd = opt.state_dict()
print("state after step:", {i: list(s) for i, s in osd["state"].items()})
assert list(osd["state"]) == [0, 1, 2, 3]  # check
assert all("momentum_buffer" in s for s in osd["state"].values())  # check
# --8<-- [end:optimizer]

# --8<-- [start:optimizer_group_count]
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
# 保存时：两组，第二层用自己的学习率
opt = torch.optim.SGD([{"params": model[0].parameters()},
                       {"params": model[1].parameters(), "lr": 0.01}],
                      lr=0.1)
saved = opt.state_dict()
print("saved groups:", len(saved["param_groups"]))
swapped = torch.optim.SGD([{"params": model[1].parameters()},  # check
                           {"params": model[0].parameters()}], lr=0.1)  # same sizes, order reversed
swapped.load_state_dict(saved)  # check
# 恢复时：只建了一组
opt2 = torch.optim.SGD(model.parameters(), lr=0.1)
print("new groups:", len(opt2.param_groups))
opt2.load_state_dict(saved)  # raises: ValueError: loaded state dict has a different number of parameter groups
# --8<-- [end:optimizer_group_count]

# --8<-- [start:optimizer_group_size]
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
model[0].requires_grad_(False)         # 保存时第一层冻结着
trainable = [p for p in model.parameters() if p.requires_grad]
opt = torch.optim.SGD(trainable, lr=0.1)
saved = opt.state_dict()
print("saved params:", saved["param_groups"][0]["params"])
# 恢复时第一层已解冻，优化器收了全部参数
model[0].requires_grad_(True)
opt2 = torch.optim.SGD(model.parameters(), lr=0.1)
print("new params:", len(opt2.param_groups[0]["params"]))
opt2.load_state_dict(saved)  # raises: ValueError: loaded state dict contains a parameter group
# --8<-- [end:optimizer_group_size]

# --8<-- [start:checkpoint]
import os
import tempfile
from collections import OrderedDict

import torch
import torch.nn as nn


def new_model():
    return nn.Sequential(OrderedDict(fc=nn.Linear(3, 2), bn=nn.BatchNorm1d(2)))


def train_step(model, opt, x, y):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    opt.step()


torch.manual_seed(0)
model = new_model()
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
batches = [(torch.randn(4, 3), torch.randn(4, 2)) for _ in range(3)]
for x, y in batches[:2]:               # 训练两步
    train_step(model, opt, x, y)

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "ckpt.pt")
    torch.save({"model": model.state_dict(),
                "optimizer": opt.state_dict(),
                "epoch": 2}, path)

    # 恢复：新建对象，再把状态装回去
    model2 = new_model()
    opt2 = torch.optim.SGD(model2.parameters(), lr=0.1, momentum=0.9)
    # 只有张量和基本类型：weights_only=True 的默认就能读
    ckpt = torch.load(path)
    model2.load_state_dict(ckpt["model"])
    opt2.load_state_dict(ckpt["optimizer"])
    start_epoch = ckpt["epoch"] + 1

    # 对照：只恢复模型，不恢复优化器（动量丢失）
    model3 = new_model()
    model3.load_state_dict(ckpt["model"])
    opt3 = torch.optim.SGD(model3.parameters(), lr=0.1, momentum=0.9)

x, y = batches[2]                      # 三个模型都走同一个下一步
for m, o in ((model, opt), (model2, opt2), (model3, opt3)):
    train_step(m, o, x, y)

same = all(torch.equal(a, b) for a, b in zip(model.state_dict().values(),
                                              model2.state_dict().values()))
same3 = torch.equal(model.fc.weight, model3.fc.weight)
print("start_epoch:", start_epoch)
print("model + optimizer restored, identical next step:", same)
print("model only, identical next step:", same3)
assert same and not same3  # check
# --8<-- [end:checkpoint]

# --8<-- [start:file_size]
import io

import torch
import torch.nn as nn


def saved_mb(obj):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getbuffer().nbytes / 2**20


model = nn.Linear(1000, 1000)                      # 约 100 万个参数
opt = torch.optim.Adam(model.parameters())
model(torch.randn(1, 1000)).sum().backward()
opt.step()                                         # Adam 的状态在第一步建立
weights = saved_mb(model.state_dict())
checkpoint = saved_mb({"model": model.state_dict(),
                       "optimizer": opt.state_dict()})
print(f"只存模型的 state_dict: {weights:.1f} MB")
ratio = checkpoint / weights
print(f"再加上 Adam 的状态:    {checkpoint:.1f} MB（{ratio:.1f} 倍）")
assert round(ratio, 1) == 3.0  # check
# --8<-- [end:file_size]
