"""torch.nn.functional 与 nn 模块：状态在哪里，F.dropout 的 training，nn.Flatten，原地激活函数。"""
# --8<-- [start:same_result]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(2, 3, 8, 8)
conv = nn.Conv2d(3, 4, kernel_size=3, padding=1)
fc = nn.Linear(8, 5)
# 模块用自己的参数；函数的参数要自己传
print("Conv2d 与 F.conv2d:",
      torch.equal(conv(x), F.conv2d(x, conv.weight, conv.bias, padding=1)))
print("Linear 与 F.linear:",
      torch.equal(fc(x), F.linear(x, fc.weight, fc.bias)))
print("nn.ReLU 与 F.relu: ", torch.equal(nn.ReLU()(x), F.relu(x)))
# --8<-- [end:same_result]

# --8<-- [start:state]
import torch.nn as nn

layers = {"Linear(4, 2)": nn.Linear(4, 2),
          "BatchNorm1d(2)": nn.BatchNorm1d(2),
          "Dropout(0.5)": nn.Dropout(0.5),
          "ReLU()": nn.ReLU()}
for name, m in layers.items():
    params = [n for n, _ in m.named_parameters()]
    buffers = [n for n, _ in m.named_buffers()]
    print(f"{name:15s} 参数: {params}  缓冲区: {buffers}")
    assert list(m.state_dict()) == params + buffers  # check
# --8<-- [end:state]

# --8<-- [start:functional_state]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(8, 2) + 5                      # 均值约为 5
running_mean = torch.zeros(2)                  # 状态由调用者保管
running_var = torch.ones(2)
F.batch_norm(x, running_mean, running_var, training=True, momentum=0.1)
print("running_mean 被原地更新:", running_mean)
F.batch_norm(x, running_mean, running_var, training=False)
print("training=False 时不更新:", running_mean)
assert torch.allclose(running_mean, 0.1 * x.mean(dim=0))  # check
# --8<-- [end:functional_state]

# --8<-- [start:layer_in_forward]
import torch
import torch.nn as nn

class Bad(nn.Module):
    def forward(self, x):
        fc = nn.Linear(4, 2)                   # 每次调用都新建一层
        return fc(x)

torch.manual_seed(0)
model = Bad()
x = torch.randn(1, 4)
print("参数个数:", len(list(model.parameters())))
print("同一输入两次输出相同:", torch.equal(model(x), model(x)))
# --8<-- [end:layer_in_forward]

# --8<-- [start:dropout]
import torch
import torch.nn as nn
import torch.nn.functional as F

class Bad(nn.Module):
    def forward(self, x):
        return F.dropout(x, p=0.5)             # training 默认 True

class Fixed(nn.Module):
    def forward(self, x):
        return F.dropout(x, p=0.5, training=self.training)

class WithModule(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(p=0.5)          # 随 eval() 切换

    def forward(self, x):
        return self.drop(x)

torch.manual_seed(0)
x = torch.ones(1000)
for model in (Bad(), Fixed(), WithModule()):
    model.eval()
    zeros = (model(x) == 0).sum().item()
    print(f"{type(model).__name__:10s} eval() 之后被置零: {zeros}")
    assert (zeros > 0) == isinstance(model, Bad)  # check
# --8<-- [end:dropout]

# --8<-- [start:sequential_function]
import torch.nn as nn
import torch.nn.functional as F

nn.Sequential(nn.Linear(4, 4), F.relu)  # raises: TypeError: torch.nn.functional.relu is not a Module subclass
# --8<-- [end:sequential_function]

# --8<-- [start:flatten]
import torch
import torch.nn as nn

x = torch.randn(4, 8, 3, 3)                    # (N, C, H, W)
print("nn.Flatten()           ", tuple(nn.Flatten()(x).shape))
print("torch.flatten(x)       ", tuple(torch.flatten(x).shape))
print("torch.flatten(x, 1)    ", tuple(torch.flatten(x, 1).shape))
print("x.view(x.size(0), -1)  ", tuple(x.view(x.size(0), -1).shape))
assert torch.equal(nn.Flatten()(x), x.flatten(1))  # check
assert nn.Flatten().start_dim == 1 and nn.Flatten().end_dim == -1  # check
# --8<-- [end:flatten]

# --8<-- [start:flatten_sequential]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(3, 8, kernel_size=3),            # (N, 3, 5, 5) -> (N, 8, 3, 3)
    nn.ReLU(),
    nn.Flatten(),                              # -> (N, 72)
    nn.Linear(8 * 3 * 3, 10),
)
print("输出形状:", tuple(model(torch.randn(4, 3, 5, 5)).shape))
print(model[2])
# --8<-- [end:flatten_sequential]

# --8<-- [start:flatten_batch]
import torch
import torch.nn as nn

x = torch.randn(4, 8, 3, 3)
fc = nn.Linear(72, 10)
fc(torch.flatten(x))  # 批次维也被压平了  # raises: RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x288 and 72x10)
# --8<-- [end:flatten_batch]

# --8<-- [start:inplace_ok]
import torch
import torch.nn as nn

torch.manual_seed(0)
fc = nn.Linear(4, 3)
x = torch.randn(2, 4)

h = fc(x)
out = nn.ReLU(inplace=True)(h)                 # 直接改写 h
print("返回的就是 h:", out is h)
out.sum().backward()
grad_inplace = fc.weight.grad.clone()

fc.zero_grad()
nn.ReLU()(fc(x)).sum().backward()              # 不原地的写法
print("梯度相同:", torch.equal(fc.weight.grad, grad_inplace))
conv, bn = nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2)  # check
nn.ReLU(inplace=True)(bn(conv(torch.randn(2, 1, 5, 5)))).sum().backward()  # check
assert conv.weight.grad is not None  # check
# --8<-- [end:inplace_ok]

# --8<-- [start:inplace_saved_output]
import torch
import torch.nn.functional as F

x = torch.randn(2, 3, requires_grad=True)
y = torch.sigmoid(x)            # 反向传播要用 y 本身：sigmoid' = y (1 - y)
g, = torch.autograd.grad(torch.sigmoid(x).sum(), x)  # check
assert torch.allclose(g, y * (1 - y))  # check
assert torch.equal(y.grad_fn._saved_result, y)  # check
t = torch.tanh(x)  # check
assert torch.equal(t.grad_fn._saved_result, t)  # check
e = torch.exp(x)  # check
assert torch.equal(e.grad_fn._saved_result, e)  # check
F.relu(y, inplace=True)         # y 被改写，版本号变了
y.sum().backward()  # raises: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation
# --8<-- [end:inplace_saved_output]

# --8<-- [start:inplace_leaf]
import torch
import torch.nn.functional as F

w = torch.randn(2, 3, requires_grad=True)      # 叶子张量，如参数
F.relu(w, inplace=True)  # raises: RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.
# --8<-- [end:inplace_leaf]

# --8<-- [start:inplace_residual]
import torch
import torch.nn as nn

class Block(nn.Module):
    def __init__(self, inplace):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.relu = nn.ReLU(inplace=inplace)

    def forward(self, x):
        out = self.fc(self.relu(x))            # inplace=True 时 x 被改写
        return out + x                         # 残差连接还要用原来的 x

torch.manual_seed(0)
block = Block(inplace=False)
x = torch.randn(2, 4)
expected = block(x.clone())
block.relu.inplace = True
got = block(x.clone())
print("与不原地的结果相同:", torch.allclose(got, expected))
print("最大差值:", f"{(got - expected).abs().max():.4f}")
# --8<-- [end:inplace_residual]
