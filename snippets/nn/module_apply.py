"""Module.apply：访问顺序（先子模块、后自身），用 nn.init 的原地函数初始化权重。"""
# --8<-- [start:imports]
import torch
import torch.nn as nn
# --8<-- [end:imports]

# --8<-- [start:setup]
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

torch.manual_seed(0)
net = Net()
# 模块 -> 路径名，便于打印
names = {m: name or "(net)" for name, m in net.named_modules()}
# --8<-- [end:setup]

# --8<-- [start:order]
visited = []
net.apply(lambda m: visited.append(names[m]))
print(visited)
# 后序：子模块先，自身最后
assert visited == ["block.fc", "block.act", "block", "head", "(net)"]
assert net.apply(lambda m: None) is net          # 返回模块自身，可以链式调用
preorder = [name or "(net)" for name, _ in net.named_modules()]
print(preorder)
# named_modules 是前序：自身先
assert preorder == ["(net)", "block", "block.fc", "block.act", "head"]

shared = nn.Linear(2, 2)                         # 同一层挂在两处
twice = nn.Sequential(nn.Sequential(shared), nn.Sequential(shared))
seen = []
twice.apply(seen.append)
# apply 调用了两次
assert sum(m is shared for m in seen) == 2
# named_modules 去重
assert sum(m is shared for _, m in twice.named_modules()) == 1
# --8<-- [end:order]

# --8<-- [start:no_type_check]
try:
    # 没检查类型：ReLU 没有 weight
    net.apply(lambda m: nn.init.zeros_(m.weight))
except AttributeError as e:
    assert "'ReLU' object has no attribute 'weight'" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("ReLU has no weight: apply should have failed")
# 报错之前已经被改成了 0
assert torch.equal(net.block.fc.weight, torch.zeros(4, 4))
# --8<-- [end:no_type_check]

# --8<-- [start:init]
def init_weights(m):
    if isinstance(m, nn.Linear):          # apply 会把每个模块都传进来：先检查类型
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)

net.apply(init_weights)
for name, p in net.named_parameters():
    print(f"{name:16s} requires_grad={p.requires_grad}  is_leaf={p.is_leaf}")
assert torch.equal(net.block.fc.bias, torch.zeros(4))
assert torch.equal(net.head.bias, torch.zeros(2))
# xavier_uniform 的范围：sqrt(6 / (fan_in + fan_out))
bound = (6 / (4 + 4)) ** 0.5
assert net.block.fc.weight.abs().max() <= bound
assert all(p.is_leaf and p.requires_grad for p in net.parameters())
# --8<-- [end:init]

# --8<-- [start:no_grad]
w = nn.Parameter(torch.empty(3))
try:
    w.uniform_(-1, 1)                    # 自己对参数做原地操作：报错
except RuntimeError as e:
    assert "a leaf Variable that requires grad is being used in an in-place operation" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

# nn.init 内部包了 torch.no_grad()，不报错
nn.init.uniform_(w, -1, 1)
assert w.grad_fn is None and w.is_leaf

with torch.no_grad():                    # 手写初始化时自己包上 no_grad
    w.fill_(0.5)
assert torch.equal(w, torch.full((3,), 0.5)) and w.grad_fn is None
print("nn.init 与 no_grad 下的原地修改都保持参数是叶子张量")
# --8<-- [end:no_grad]

# --8<-- [start:data_bypass]
w = nn.Parameter(torch.ones(3))
y = (w * w).sum()                        # 计算图保存了 w，留着反向传播用
with torch.no_grad():
    w.mul_(2)                            # 反向传播前改了 w
try:
    y.backward()
except RuntimeError as e:                # 版本计数器发现了：报错
    assert "modified by an inplace operation" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

w = nn.Parameter(torch.ones(3))
y = (w * w).sum()
w.data.mul_(2)                           # 同样的修改，经由 .data
y.backward()                             # 不报错……
print("经 .data 修改后的梯度:", w.grad)
# ……但梯度是错的：按 w=1 应为 2
assert torch.equal(w.grad, torch.full((3,), 4.0))
# --8<-- [end:data_bypass]

# --8<-- [start:not_visited]
class Hidden(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(4, 4)]        # 普通列表：不是子模块

seen = []
Hidden().apply(lambda m: seen.append(type(m).__name__))
print(seen)
assert seen == ["Hidden"]                      # 列表里的 Linear 没被访问
# --8<-- [end:not_visited]
