"""load_state_dict：strict、返回值、形状不符、module. 前缀、误传检查点、原地复制与 assign=True。"""
# --8<-- [start:strict]
import torch.nn as nn


class OldNet(nn.Module):               # 训练时的模型
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 2)


# 改过的模型：head 改名为 classifier，输出 5 类
class NewNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.classifier = nn.Linear(3, 5)


old_sd = OldNet().state_dict()
new = NewNet()
new.load_state_dict(old_sd)            # strict=True 是默认  # raises: RuntimeError: Missing key(s) in state_dict: "classifier.weight"
# --8<-- [end:strict]

# --8<-- [start:non_strict]
import torch
import torch.nn as nn


class OldNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 2)


class NewNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.classifier = nn.Linear(3, 5)


old_sd = OldNet().state_dict()
new = NewNet()
classifier_before = new.classifier.weight.clone()
result = new.load_state_dict(old_sd, strict=False)
print(result)
print("missing:   ", result.missing_keys)
print("unexpected:", result.unexpected_keys)
# 匹配的键载入了；缺的键保持原值
print("backbone 载入:",
      torch.equal(new.backbone.weight, old_sd["backbone.weight"]))
print("classifier 未变:",
      torch.equal(new.classifier.weight, classifier_before))
assert result.missing_keys == ["classifier.weight", "classifier.bias"]  # check
assert result.unexpected_keys == ["head.weight", "head.bias"]  # check
# --8<-- [end:non_strict]

# --8<-- [start:size_mismatch]
import torch.nn as nn


class OldNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 2)


class WiderHead(nn.Module):            # 键名与 OldNet 相同，但 head 输出 5 类
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 5)


old_sd = OldNet().state_dict()
wider = WiderHead()
# strict=False 也救不了形状不符
wider.load_state_dict(old_sd, strict=False)  # raises: RuntimeError: size mismatch for head.weight
# --8<-- [end:size_mismatch]

# --8<-- [start:filter_compatible]
import torch
import torch.nn as nn


class OldNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 2)


class WiderHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 5)


old_sd = OldNet().state_dict()
wider = WiderHead()
# 只留下名字和形状都对得上的条目
own = wider.state_dict()
compatible = {k: v for k, v in old_sd.items()
              if k in own and own[k].shape == v.shape}
result = wider.load_state_dict(compatible, strict=False)
print(result)
assert result.missing_keys == ["head.weight", "head.bias"]  # check
assert torch.equal(wider.backbone.weight, old_sd["backbone.weight"])  # check
# --8<-- [end:filter_compatible]

# --8<-- [start:module_prefix]
import torch.nn as nn


class OldNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 2)


wrapped = nn.DataParallel(OldNet())    # DDP 包装后同样带 module. 前缀
dp_sd = wrapped.state_dict()
print(list(dp_sd))
plain = OldNet()
plain.load_state_dict(dp_sd)  # raises: RuntimeError: Unexpected key(s) in state_dict: "module.backbone.weight"
# --8<-- [end:module_prefix]

# --8<-- [start:strip_prefix]
import torch
import torch.nn as nn
from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present


class OldNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 2)


wrapped = nn.DataParallel(OldNet())
dp_sd = wrapped.state_dict()
plain = OldNet()

# 办法一：保存时就存内层模块
print(plain.load_state_dict(wrapped.module.state_dict()))
# 办法二：字典推导式去掉前缀（str.removeprefix 需要 Python 3.9+）
print(plain.load_state_dict({k.removeprefix("module."): v
                             for k, v in dp_sd.items()}))
# 办法三：PyTorch 自带的工具函数，原地修改传入的字典，返回 None
returned = consume_prefix_in_state_dict_if_present(dp_sd, "module.")
print("返回值:", returned, "| 键:", list(dp_sd))
before = list(dp_sd)  # check
# 已经没有前缀：什么也不做
consume_prefix_in_state_dict_if_present(dp_sd, "module.")
assert list(dp_sd) == before  # check
print(plain.load_state_dict(dp_sd))
assert torch.equal(plain.backbone.weight.cpu(),  # check
                   wrapped.module.backbone.weight.cpu())
# --8<-- [end:strip_prefix]

# --8<-- [start:checkpoint_dict]
import torch
import torch.nn as nn


class OldNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 2)


model = OldNet()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
ckpt = {"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": 5}
model.load_state_dict(ckpt["model"])   # 正确：取出模型那一项
# 错误：把整个检查点当成了 state_dict
model.load_state_dict(ckpt)  # raises: RuntimeError: Unexpected key(s) in state_dict: "model", "optimizer", "epoch"
# --8<-- [end:checkpoint_dict]

# --8<-- [start:not_a_mapping]
import unittest  # check

import torch
import torch.nn as nn

model = nn.Linear(3, 2)
path = "linear.pt"
with unittest.TestCase().assertRaisesRegex(  # check
        TypeError, "got <class 'torch.nn.modules.linear.Linear'>"):
    model.load_state_dict(nn.Linear(3, 2))   # 整个模块也不行
with unittest.TestCase().assertRaisesRegex(TypeError, "NoneType"):  # check
    model.load_state_dict(None)
# 应当是 model.load_state_dict(torch.load(path))
model.load_state_dict(path)  # raises: TypeError: Expected state_dict to be dict-like, got <class 'str'>.
# --8<-- [end:not_a_mapping]

# --8<-- [start:in_place]
import torch
import torch.nn as nn


class OldNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 2)


model = OldNet()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
param = model.backbone.weight
ptr = param.data_ptr()
# float64 的 state_dict
sd64 = {k: v.double() for k, v in OldNet().state_dict().items()}

model.load_state_dict(sd64)
w = model.backbone.weight
print("dtype:", w.dtype)                          # dtype 保持模型的
print("同一个 Parameter:", w is param)
print("同一块存储:", w.data_ptr() == ptr)          # 值是复制进去的
print("优化器仍指向它:", opt.param_groups[0]["params"][0] is w)
assert torch.equal(w, sd64["backbone.weight"].float())  # check
# --8<-- [end:in_place]

# --8<-- [start:assign]
import torch
import torch.nn as nn


class OldNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 2)


model = OldNet()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
param = model.backbone.weight
sd64 = {k: v.double() for k, v in OldNet().state_dict().items()}

model.load_state_dict(sd64, assign=True)
w = model.backbone.weight
print(type(w).__name__, w.dtype, "requires_grad:", w.requires_grad,
      "same object:", w is param)
# 旧优化器指向的是被换掉的参数
print("优化器指向新参数:", opt.param_groups[0]["params"][0] is w)
assert isinstance(w, nn.Parameter)  # check
assert w.dtype == torch.float64  # check
assert w.requires_grad  # check
# --8<-- [end:assign]

# --8<-- [start:meta_device]
import warnings

import torch
import torch.nn as nn


class OldNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 2)


old_sd = OldNet().state_dict()
# 先在 meta 设备上建模型（不分配内存），再用 assign=True 装入权重
with torch.device("meta"):
    lazy = OldNet()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    lazy.load_state_dict(old_sd)         # 不加 assign：复制到 meta 张量上什么也不做
print(f"{caught[0].category.__name__}: {caught[0].message}")
print("still meta:", lazy.backbone.weight.is_meta)
assert "is a no-op" in str(caught[0].message)  # check
lazy.load_state_dict(old_sd, assign=True)
print("after assign=True:", lazy.backbone.weight.device)
assert torch.equal(lazy.backbone.weight, old_sd["backbone.weight"])  # check
# --8<-- [end:meta_device]
