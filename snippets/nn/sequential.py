"""nn.Sequential：怎样传入模块，OrderedDict 命名，索引与切片，state_dict 键名，append，局限。"""
# --8<-- [start:imports]
from collections import OrderedDict

import torch
import torch.nn as nn
# --8<-- [end:imports]

# --8<-- [start:construct]
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))   # 逐个传入
x = torch.randn(3, 4)
# 按传入顺序依次调用
assert torch.equal(model(x), model[2](model[1](model[0](x))))
print(model)

layers = [nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)]
try:
    nn.Sequential(layers)              # 传了一个列表
except TypeError as e:
    assert "list is not a Module subclass" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

model2 = nn.Sequential(*layers)        # 解包列表
assert len(model2) == 3
# --8<-- [end:construct]

# --8<-- [start:named]
named = nn.Sequential(OrderedDict([
    ("fc1", nn.Linear(4, 8)),
    ("act", nn.ReLU()),
    ("fc2", nn.Linear(8, 2)),
]))
print(named)
print(list(named.state_dict().keys()))
assert named.fc1 is named[0]           # 既能按名字访问，也能按位置访问
assert list(named.state_dict().keys()) == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
# --8<-- [end:named]

# --8<-- [start:index_slice]
head = model[:2]                       # 切片返回新的 Sequential，子模块是同一批对象
print(type(head).__name__, len(head))
assert isinstance(head, nn.Sequential)
assert head[0] is model[0]             # 共享，不是拷贝
assert torch.equal(head(x), torch.relu(model[0](x)))
assert isinstance(model[-1], nn.Linear)
# --8<-- [end:index_slice]

# --8<-- [start:state_dict_keys]
keys = list(model.state_dict().keys())
print(keys)
# ReLU 没有参数，但占了下标 1
assert keys == ["0.weight", "0.bias", "2.weight", "2.bias"]

# 在中间插入一层（这里是 Dropout），后面层的下标全变了
reordered = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.1), nn.ReLU(), nn.Linear(8, 2))
initial = reordered[3].weight.clone()
result = reordered.load_state_dict(model.state_dict(), strict=False)
print("missing:", result.missing_keys)
print("unexpected:", result.unexpected_keys)
assert result.missing_keys == ["3.weight", "3.bias"]
assert result.unexpected_keys == ["2.weight", "2.bias"]
assert torch.equal(reordered[0].weight, model[0].weight)   # 键名对得上的照常加载
# 第 3 层没加载：还是随机初始值
assert torch.equal(reordered[3].weight, initial)
try:
    reordered.load_state_dict(model.state_dict())
except RuntimeError as e:
    assert 'Missing key(s) in state_dict: "3.weight", "3.bias"' in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:state_dict_keys]

# --8<-- [start:append]
ret = model.append(nn.Softmax(dim=-1))  # 原地追加，返回自身
print(len(model), list(model.state_dict().keys()))
assert ret is model and len(model) == 4
assert list(model.state_dict().keys()) == keys          # Softmax 没有参数，键不变
assert torch.allclose(model(x).sum(dim=-1), torch.ones(3))
# --8<-- [end:append]

# --8<-- [start:limits]
class TwoInputs(nn.Module):
    def forward(self, a, b):
        return a + b

seq = nn.Sequential(TwoInputs())
try:
    seq(torch.ones(2), torch.ones(2))  # Sequential.forward 只接受一个输入
except TypeError as e:
    assert "takes 2 positional arguments but 3 were given" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

class Block(nn.Module):                # 跳跃连接要自己写 forward
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 4), nn.ReLU())

    def forward(self, x):
        return x + self.body(x)

assert Block()(x).shape == (3, 4)
# --8<-- [end:limits]
