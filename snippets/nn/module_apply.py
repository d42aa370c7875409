"""Module.apply：访问顺序（先子模块、后自身），用 nn.init 的原地函数初始化权重。"""
# --8<-- [start:order]
import torch.nn as nn

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.fc(x))

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block()
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        return self.head(self.block(x))

net = Net()
# 模块 -> 路径名，便于打印
names = {m: name or "(net)" for name, m in net.named_modules()}

visited = []
net.apply(lambda m: visited.append(names[m]))
print("apply:        ", visited)        # 后序：子模块先，自身最后
assert visited == ["block.fc", "block.act", "block", "head", "(net)"]  # check
preorder = [name or "(net)" for name, _ in net.named_modules()]
print("named_modules:", preorder)       # 前序：自身先
assert preorder == ["(net)", "block", "block.fc", "block.act", "head"]  # check
# 返回模块自身，可以链式调用
print("返回自身:", net.apply(lambda m: None) is net)
# --8<-- [end:order]

# --8<-- [start:shared]
import torch.nn as nn

shared = nn.Linear(2, 2)                         # 同一层挂在两处
twice = nn.Sequential(nn.Sequential(shared), nn.Sequential(shared))
seen = []
twice.apply(seen.append)
print("apply 调用:", sum(m is shared for m in seen), "次")
listed = [m for _, m in twice.named_modules()]
print("named_modules 列出:", sum(m is shared for m in listed), "次")
assert sum(m is shared for m in seen) == 2  # check
assert sum(m is shared for m in listed) == 1  # check
# --8<-- [end:shared]

# --8<-- [start:no_type_check]
import torch.nn as nn

def zero_(w):
    nn.init.zeros_(w)
    assert not w.any()  # check
    print("已置零：形状", tuple(w.shape))

net = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2))
# 没检查类型：第一层先被置零，轮到 ReLU 才报错
net.apply(lambda m: zero_(m.weight))  # raises: AttributeError: 'ReLU' object has no attribute 'weight'
# --8<-- [end:no_type_check]

# --8<-- [start:init]
import torch
import torch.nn as nn

def init_weights(m):
    # apply 会把每个模块都传进来：先检查类型
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)

net = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2))
net.apply(init_weights)
for name, p in net.named_parameters():
    print(f"{name:9s} requires_grad={p.requires_grad}  is_leaf={p.is_leaf}")
assert torch.equal(net[0].bias, torch.zeros(4))  # check
assert torch.equal(net[2].bias, torch.zeros(2))  # check
assert net[0].weight.abs().max() <= (6 / (4 + 4)) ** 0.5  # xavier 的范围  # check
assert all(p.is_leaf and p.requires_grad for p in net.parameters())  # check
# --8<-- [end:init]

# --8<-- [start:leaf_inplace]
import torch
import torch.nn as nn

w = nn.Parameter(torch.empty(3))
# 自己对参数做原地操作：报错
w.uniform_(-1, 1)  # raises: RuntimeError: a leaf Variable that requires grad is being used in an in-place operation
# --8<-- [end:leaf_inplace]

# --8<-- [start:no_grad]
import torch
import torch.nn as nn

w = nn.Parameter(torch.empty(3))
nn.init.uniform_(w, -1, 1)               # 内部包了 torch.no_grad()，不报错
print("nn.init 之后:     is_leaf =", w.is_leaf, " grad_fn =", w.grad_fn)

with torch.no_grad():                    # 手写初始化时自己包上 no_grad
    w.fill_(0.5)
print("no_grad 里 fill_: is_leaf =", w.is_leaf, " grad_fn =", w.grad_fn)
print(w)
assert torch.equal(w, torch.full((3,), 0.5)) and w.grad_fn is None  # check
# --8<-- [end:no_grad]

# --8<-- [start:version_check]
import torch
import torch.nn as nn

w = nn.Parameter(torch.ones(3))
y = (w * w).sum()                        # 计算图保存了 w，留着反向传播用
with torch.no_grad():
    w.mul_(2)                            # 反向传播前改了 w
# 版本计数器发现了：报错
y.backward()  # raises: RuntimeError: modified by an inplace operation
# --8<-- [end:version_check]

# --8<-- [start:data_bypass]
import torch
import torch.nn as nn

w = nn.Parameter(torch.ones(3))
y = (w * w).sum()
w.data.mul_(2)                           # 同样的修改，经由 .data
y.backward()                             # 不报错……
# ……但梯度是错的：按 w=1 应为 2
print("经 .data 修改后的梯度:", w.grad)
assert torch.equal(w.grad, torch.full((3,), 4.0))  # check
# --8<-- [end:data_bypass]

# --8<-- [start:not_visited]
import torch.nn as nn

class Hidden(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(4, 4)]        # 普通列表：不是子模块

seen = []
Hidden().apply(lambda m: seen.append(type(m).__name__))
print(seen)                                    # 列表里的 Linear 没被访问
assert seen == ["Hidden"]  # check
# --8<-- [end:not_visited]
