"""load_state_dict：strict、返回值、形状不符、module. 前缀、误传检查点、原地复制与 assign=True。"""
# --8<-- [start:imports]
import warnings

import torch
import torch.nn as nn
from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present
# --8<-- [end:imports]


# --8<-- [start:strict]
class OldNet(nn.Module):               # 训练时的模型
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 2)

    def forward(self, x):
        return self.head(self.backbone(x))


# 改过的模型：head 改名为 classifier，输出 5 类
class NewNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.classifier = nn.Linear(3, 5)

    def forward(self, x):
        return self.classifier(self.backbone(x))


torch.manual_seed(0)
old_sd = OldNet().state_dict()
new = NewNet()
try:
    new.load_state_dict(old_sd)        # strict=True 是默认
except RuntimeError as e:
    assert 'Missing key(s) in state_dict: "classifier.weight"' in str(e)
    assert 'Unexpected key(s) in state_dict: "head.weight"' in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:strict]

# --8<-- [start:non_strict]
classifier_before = new.classifier.weight.clone()
result = new.load_state_dict(old_sd, strict=False)
print(result)
print("missing:   ", result.missing_keys)
print("unexpected:", result.unexpected_keys)
assert result.missing_keys == ["classifier.weight", "classifier.bias"]
assert result.unexpected_keys == ["head.weight", "head.bias"]
# 匹配的键载入了
assert torch.equal(new.backbone.weight, old_sd["backbone.weight"])
# 缺的键：保持原值
assert torch.equal(new.classifier.weight, classifier_before)
# --8<-- [end:non_strict]


# --8<-- [start:size_mismatch]
class WiderHead(nn.Module):            # 键名与 OldNet 相同，但 head 输出 5 类
    def __init__(self):
        super().__init__()
        self.backbone = nn.Linear(4, 3)
        self.head = nn.Linear(3, 5)


wider = WiderHead()
try:
    wider.load_state_dict(old_sd, strict=False)   # strict=False 也救不了形状不符
except RuntimeError as e:
    assert "size mismatch for head.weight" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

# 微调时的常见做法：只留下名字和形状都对得上的条目
own = wider.state_dict()
compatible = {k: v for k, v in old_sd.items() if k in own and own[k].shape == v.shape}
result = wider.load_state_dict(compatible, strict=False)
print(result)
assert result.missing_keys == ["head.weight", "head.bias"]
# --8<-- [end:size_mismatch]

# --8<-- [start:module_prefix]
torch.manual_seed(0)
wrapped = nn.DataParallel(OldNet())    # DDP 包装后同样带 module. 前缀
dp_sd = wrapped.state_dict()
print(list(dp_sd))
plain = OldNet()
try:
    plain.load_state_dict(dp_sd)
except RuntimeError as e:
    assert 'Unexpected key(s) in state_dict: "module.backbone.weight"' in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

# 办法一：保存时就存内层模块
plain.load_state_dict(wrapped.module.state_dict())
# 办法二：字典推导式去掉前缀（str.removeprefix 需要 Python 3.9+）
plain.load_state_dict({k.removeprefix("module."): v for k, v in dp_sd.items()})
# 办法三：PyTorch 自带的工具函数，原地修改传入的字典
assert consume_prefix_in_state_dict_if_present(dp_sd, "module.") is None
print(list(dp_sd))
before = list(dp_sd)
# 已经没有前缀：什么也不做
consume_prefix_in_state_dict_if_present(dp_sd, "module.")
assert list(dp_sd) == before
plain.load_state_dict(dp_sd)
assert torch.equal(plain.backbone.weight.cpu(), wrapped.module.backbone.weight.cpu())
# --8<-- [end:module_prefix]

# --8<-- [start:checkpoint_dict]
model = OldNet()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
ckpt = {"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": 5}
try:
    model.load_state_dict(ckpt)        # 把整个检查点当成了 state_dict
except RuntimeError as e:
    assert 'Unexpected key(s) in state_dict: "model", "optimizer", "epoch"' in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
model.load_state_dict(ckpt["model"])   # 正确：取出模型那一项
# --8<-- [end:checkpoint_dict]

# --8<-- [start:in_place]
model = OldNet()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
param = model.backbone.weight
ptr = param.data_ptr()
# float64 的 state_dict
sd64 = {k: v.double() for k, v in OldNet().state_dict().items()}

model.load_state_dict(sd64)
assert model.backbone.weight is param            # 还是同一个 Parameter 对象
assert model.backbone.weight.data_ptr() == ptr   # 同一块存储，值是复制进去的
# dtype 保持模型的
assert model.backbone.weight.dtype == torch.float32
assert torch.equal(model.backbone.weight, sd64["backbone.weight"].float())
# 优化器仍然有效
assert opt.param_groups[0]["params"][0] is model.backbone.weight
print(model.backbone.weight.dtype, "same object:", model.backbone.weight is param)
# --8<-- [end:in_place]

# --8<-- [start:assign]
model.load_state_dict(sd64, assign=True)
w = model.backbone.weight
print(type(w).__name__, w.dtype, "requires_grad:", w.requires_grad,
      "same object:", w is param)
assert w is not param and isinstance(w, nn.Parameter)
assert w.dtype == torch.float64          # 属性来自 state_dict
assert w.requires_grad                   # requires_grad 保持模块的
assert opt.param_groups[0]["params"][0] is not w   # 旧优化器指向的是被换掉的参数

# 典型用法：先在 meta 设备上建模型（不分配内存），再用 assign=True 装入权重
with torch.device("meta"):
    lazy = OldNet()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    lazy.load_state_dict(old_sd)         # 不加 assign：复制到 meta 张量上什么也不做
assert lazy.backbone.weight.is_meta
assert "is a no-op" in str(caught[0].message)
print(f"{caught[0].category.__name__}: {caught[0].message}")
lazy.load_state_dict(old_sd, assign=True)
print("after assign=True:", lazy.backbone.weight.device)
assert torch.equal(lazy.backbone.weight, old_sd["backbone.weight"])
# --8<-- [end:assign]
