"""nn.Sequential：怎样传入模块，OrderedDict 命名，索引与切片，state_dict 键名，append，局限。"""
# --8<-- [start:construct]
import torch
import torch.nn as nn

# 逐个传入
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
print(model)

x = torch.randn(3, 4)
# 按传入顺序依次调用
print("等于依次调用:", torch.equal(model(x), model[2](model[1](model[0](x)))))

layers = [nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)]
model2 = nn.Sequential(*layers)        # 手里是列表：解包
print("层数:", len(model2))
assert len(model2) == 3  # check
# --8<-- [end:construct]

# --8<-- [start:construct_list]
import torch.nn as nn

layers = [nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)]
nn.Sequential(layers)                  # 传了一个列表  # raises: TypeError: list is not a Module subclass
# --8<-- [end:construct_list]

# --8<-- [start:named]
from collections import OrderedDict

import torch.nn as nn

named = nn.Sequential(OrderedDict([
    ("fc1", nn.Linear(4, 8)),
    ("act", nn.ReLU()),
    ("fc2", nn.Linear(8, 2)),
]))
print(named)
print(list(named.state_dict().keys()))
# 既能按名字访问，也能按位置访问
print("同一个对象:", named.fc1 is named[0])
assert list(named.state_dict().keys()) == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]  # check
# --8<-- [end:named]

# --8<-- [start:index_slice]
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
head = model[:2]                       # 切片返回新的 Sequential
print(type(head).__name__, len(head))
print("同一个子模块:", head[0] is model[0])   # 共享，不是拷贝
print(model[-1])                       # 负下标：最后一层
assert isinstance(head, nn.Sequential)  # check
assert torch.equal(head(torch.ones(3, 4)), torch.relu(model[0](torch.ones(3, 4))))  # check
assert isinstance(model[-1], nn.Linear)  # check
# --8<-- [end:index_slice]

# --8<-- [start:state_dict_keys]
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
# ReLU 没有参数，但占了下标 1
print(list(model.state_dict().keys()))
assert list(model.state_dict().keys()) == ["0.weight", "0.bias", "2.weight", "2.bias"]  # check

# 在中间插入一层（这里是 Dropout），后面层的下标全变了
reordered = nn.Sequential(
    nn.Linear(4, 8), nn.Dropout(0.1), nn.ReLU(), nn.Linear(8, 2))
initial = reordered[3].weight.clone()
result = reordered.load_state_dict(model.state_dict(), strict=False)
print("missing:", result.missing_keys)
print("unexpected:", result.unexpected_keys)
assert result.missing_keys == ["3.weight", "3.bias"]  # check
assert result.unexpected_keys == ["2.weight", "2.bias"]  # check
# 键名对得上的照常加载
print("下标 0 已加载:", torch.equal(reordered[0].weight, model[0].weight))
# 下标 3 没加载：还是随机初始值
print("下标 3 仍是初始值:", torch.equal(reordered[3].weight, initial))
# --8<-- [end:state_dict_keys]

# --8<-- [start:state_dict_strict]
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
reordered = nn.Sequential(
    nn.Linear(4, 8), nn.Dropout(0.1), nn.ReLU(), nn.Linear(8, 2))
reordered.load_state_dict(model.state_dict())  # raises: RuntimeError: Missing key(s) in state_dict: "3.weight", "3.bias"
# --8<-- [end:state_dict_strict]

# --8<-- [start:append]
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
ret = model.append(nn.Softmax(dim=-1))  # 原地追加，返回自身
print("返回自身:", ret is model, "层数:", len(model))
# Softmax 没有参数，键不变
print(list(model.state_dict().keys()))
assert ret is model and len(model) == 4  # check
assert list(model.state_dict().keys()) == ["0.weight", "0.bias", "2.weight", "2.bias"]  # check
assert torch.allclose(model(torch.randn(3, 4)).sum(dim=-1), torch.ones(3))  # check
# --8<-- [end:append]

# --8<-- [start:limits]
import torch
import torch.nn as nn

class TwoInputs(nn.Module):
    def forward(self, a, b):
        return a + b

seq = nn.Sequential(TwoInputs())
# Sequential.forward 只接受一个输入
seq(torch.ones(2), torch.ones(2))  # raises: TypeError: takes 2 positional arguments but 3 were given
# --8<-- [end:limits]

# --8<-- [start:residual]
import torch
import torch.nn as nn

class Block(nn.Module):                # 跳跃连接要自己写 forward
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 4), nn.ReLU())

    def forward(self, x):
        return x + self.body(x)

x = torch.randn(3, 4)
print(Block()(x).shape)
assert Block()(x).shape == (3, 4)  # check
# --8<-- [end:residual]
