"""nn.ModuleList 与 Python 列表：注册、state_dict、.to()、eval()、优化器；没有 forward；不规定执行顺序。"""
# --8<-- [start:register]
import torch
import torch.nn as nn


class WithModuleList(nn.Module):
    def __init__(self):
        super().__init__()
        self.linears = nn.ModuleList([nn.Linear(10, 10) for _ in range(2)])

    def forward(self, x):
        for layer in self.linears:
            x = layer(x)
        return x


class WithList(nn.Module):
    def __init__(self):
        super().__init__()
        self.linears = [nn.Linear(10, 10) for _ in range(2)]   # 错误：普通列表

    def forward(self, x):
        for layer in self.linears:
            x = layer(x)
        return x


torch.manual_seed(0)
good, bad = WithModuleList(), WithList()
print("ModuleList parameters():", len(list(good.parameters())))
print("list       parameters():", len(list(bad.parameters())))
print("ModuleList state_dict:", list(good.state_dict().keys()))
print("list       state_dict:", list(bad.state_dict().keys()))
assert len(list(good.parameters())) == 4  # check
assert len(list(bad.parameters())) == 0  # check
assert list(good.state_dict().keys()) == [  # check
    "linears.0.weight", "linears.0.bias", "linears.1.weight", "linears.1.bias"]
assert list(bad.state_dict().keys()) == []  # check
x = torch.randn(3, 10)
# 前向照样能跑，问题不会当场暴露
print("list 版前向输出:", tuple(bad(x).shape))
print(good)
# --8<-- [end:register]

# --8<-- [start:to_dtype]
import torch
import torch.nn as nn

good, bad = nn.Module(), nn.Module()
good.linears = nn.ModuleList([nn.Linear(10, 10) for _ in range(2)])
bad.linears = [nn.Linear(10, 10) for _ in range(2)]     # 普通列表
good.to(torch.float64)
bad.to(torch.float64)
print("ModuleList:", good.linears[0].weight.dtype)
# 没被转换：.to("cuda") 同理
print("list:      ", bad.linears[0].weight.dtype)
assert good.linears[0].weight.dtype == torch.float64  # check
assert bad.linears[0].weight.dtype == torch.float32  # check
# --8<-- [end:to_dtype]

# --8<-- [start:eval_mode]
import torch.nn as nn


class DropList(nn.Module):
    def __init__(self):
        super().__init__()
        self.registered = nn.ModuleList([nn.Dropout(0.5)])
        self.plain = [nn.Dropout(0.5)]


m = DropList().eval()
print("ModuleList 里的 Dropout.training:", m.registered[0].training)
# eval() 没传到列表里
print("list 里的 Dropout.training:      ", m.plain[0].training)
assert not m.registered[0].training  # check
assert m.plain[0].training  # check
# --8<-- [end:eval_mode]

# --8<-- [start:optimizer]
import torch
import torch.nn as nn

good, bad = nn.Module(), nn.Module()
good.linears = nn.ModuleList([nn.Linear(10, 10) for _ in range(2)])
bad.linears = [nn.Linear(10, 10) for _ in range(2)]     # 普通列表
opt = torch.optim.SGD(good.parameters(), lr=0.1)
print("ModuleList 版交给优化器的参数:", len(opt.param_groups[0]["params"]))
assert len(opt.param_groups[0]["params"]) == 4  # check
torch.optim.SGD(bad.parameters(), lr=0.1)  # raises: ValueError: optimizer got an empty parameter list
# --8<-- [end:optimizer]

# --8<-- [start:optimizer_partial]
import torch
import torch.nn as nn


class HeadAndList(nn.Module):            # 还有一个注册过的层：优化器不再报错
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(10, 10)
        self.hidden = [nn.Linear(10, 10)]  # 错误：普通列表

    def forward(self, x):
        return self.head(self.hidden[0](x))


model = HeadAndList()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
hidden_before = model.hidden[0].weight.detach().clone()
model(torch.randn(3, 10)).sum().backward()
opt.step()
# 列表里的层有 .grad，却没被更新
print("列表里的层有 .grad:", model.hidden[0].weight.grad is not None)
print("权重变了:", not torch.equal(model.hidden[0].weight, hidden_before))
# --8<-- [end:optimizer_partial]

# --8<-- [start:no_forward]
import torch
import torch.nn as nn

layers = nn.ModuleList([nn.Linear(4, 4), nn.ReLU()])
layers(torch.randn(2, 4))  # raises: NotImplementedError: missing the required "forward" function
# --8<-- [end:no_forward]

# --8<-- [start:order]
import torch
import torch.nn as nn


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

    def forward(self, x):
        for i in (2, 0, 1):            # 顺序由 forward 决定，不是 ModuleList 决定
            x = x + self.blocks[i](x)
        return x


torch.manual_seed(0)
m = Residual()
calls = []
for i, block in enumerate(m.blocks):
    block.register_forward_pre_hook(lambda mod, args, i=i: calls.append(i))
m(torch.randn(2, 4))
print("调用顺序:", calls)
assert calls == [2, 0, 1]  # check
# --8<-- [end:order]

# --8<-- [start:list_methods]
import torch.nn as nn

layers = nn.ModuleList([nn.Linear(4, 4)])
layers.append(nn.ReLU())
layers.extend([nn.Linear(4, 2)])
layers.insert(0, nn.Identity())
print([type(layer).__name__ for layer in layers])
assert [type(layer).__name__ for layer in layers] == ["Identity", "Linear", "ReLU", "Linear"]  # check
print("切片的类型:", type(layers[1:3]).__name__)   # 切片仍是 ModuleList
# --8<-- [end:list_methods]
