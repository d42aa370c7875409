"""钩子：前向钩子取中间输出，反向钩子与 Tensor.register_hook 取梯度，句柄移除；遍历模型。"""
# --8<-- [start:forward_hook]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
activations = {}

def save_output(name):
    def hook(module, args, output):
        activations[name] = output.detach()    # 只存数值，不留计算图
    return hook

handles = [model[0].register_forward_hook(save_output("fc1")),
           model[1].register_forward_hook(save_output("relu"))]
x = torch.randn(3, 4)
model(x)                                       # 钩子在这里被调用
for name, a in activations.items():
    print(f"{name:4s} 形状={tuple(a.shape)}  grad_fn={a.grad_fn}")
print("relu 的输出 = fc1 的输出.relu():",
      torch.equal(activations["relu"], activations["fc1"].relu()))
for h in handles:
    h.remove()                                 # 用完就移除
assert torch.equal(activations["fc1"], model[0](x).detach())  # check
assert model[0](x).grad_fn is not None  # check
assert torch.equal(model[2](activations["relu"]), model(x).detach())  # check
# --8<-- [end:forward_hook]

# --8<-- [start:remove]
import torch
import torch.nn as nn

layer = nn.Linear(4, 2)
calls = []
handle = layer.register_forward_hook(lambda m, args, out: calls.append(1))
layer(torch.randn(1, 4))
handle.remove()
layer(torch.randn(1, 4))
print("移除前后共调用:", len(calls), "次")
handle.remove()                                # 再移除一次也不报错

# with 语句结束时自动移除
with layer.register_forward_hook(lambda m, args, out: calls.append(1)):
    layer(torch.randn(1, 4))
layer(torch.randn(1, 4))
print("with 块内外共调用:", len(calls), "次")
assert len(calls) == 2 and not layer._forward_hooks  # check
# --8<-- [end:remove]

# --8<-- [start:accumulate]
import torch
import torch.nn as nn

layer = nn.Linear(4, 2)
calls = []
for step in range(3):                          # 错误：每一步都注册一个新钩子
    layer.register_forward_hook(lambda m, args, out: calls.append(step))
    calls.clear()
    layer(torch.randn(1, 4))
    print(f"第 {step} 步，钩子被调用 {len(calls)} 次")
assert len(calls) == 3  # check
# --8<-- [end:accumulate]

# --8<-- [start:forward_bypass]
import torch
import torch.nn as nn

layer = nn.Linear(4, 2)
calls = []
layer.register_forward_hook(lambda m, args, out: calls.append(1))
x = torch.randn(1, 4)
layer(x)                                       # 经过 __call__：调用钩子
print("layer(x) 之后:", len(calls), "次")
layer.forward(x)                               # 直接调用 forward：跳过钩子
print("layer.forward(x) 之后:", len(calls), "次")
assert len(calls) == 1  # check
# --8<-- [end:forward_bypass]

# --8<-- [start:forward_hook_return]
import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.Linear(3, 2)
x = torch.randn(1, 3)
before = layer(x)
h1 = layer.register_forward_hook(lambda m, args, out: None)
print("返回 None，输出不变:", torch.equal(layer(x), before))
h1.remove()
layer.register_forward_hook(lambda m, args, out: out + 100)
print("返回新值，输出被替换:", (layer(x) - before).detach())
assert torch.equal(layer(x), before + 100)  # check
# --8<-- [end:forward_hook_return]

# --8<-- [start:pre_hook]
import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.Linear(3, 2)

def pre_hook(module, args):
    print("args 的类型:", type(args).__name__, " 长度:", len(args))
    return args[0] * 2                         # 单个值会被包成元组

layer.register_forward_pre_hook(pre_hook)
x = torch.randn(1, 3)
y = layer(x)
with torch.no_grad():
    expected = nn.functional.linear(2 * x, layer.weight, layer.bias)
print("forward 收到的是 2 * x:", torch.allclose(y, expected))
assert torch.equal(y.detach(), expected)  # check
# --8<-- [end:pre_hook]

# --8<-- [start:backward_hook]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 1))
grads = {}

def save_grads(module, grad_input, grad_output):
    grads["in"] = grad_input[0]                # 对层输入的梯度
    grads["out"] = grad_output[0]              # 对层输出的梯度

model[2].register_full_backward_hook(save_grads)
x = torch.randn(5, 4)
model(x).sum().backward()
print("grad_output 形状:", tuple(grads["out"].shape))
print("grad_input  形状:", tuple(grads["in"].shape))
# y = h W^T + b 对 h 求导：grad_input = grad_output @ W
w = model[2].weight
print("grad_input = grad_output @ W:",
      torch.allclose(grads["in"], grads["out"] @ w))
assert torch.equal(grads["out"], torch.ones(5, 1))  # check
h = model[1](model[0](x))  # check
assert torch.allclose(grads["in"], torch.autograd.grad(model[2](h).sum(), h)[0])  # check
# --8<-- [end:backward_hook]

# --8<-- [start:backward_hook_return]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 1))
x = torch.randn(5, 4)
model(x).sum().backward()
before0 = model[0].weight.grad.clone()
before2 = model[2].weight.grad.clone()
model.zero_grad()

# 返回新的 grad_input：前面的层收到的是它
model[1].register_full_backward_hook(
    lambda m, grad_input, grad_output: (grad_input[0] * 10,))
model(x).sum().backward()
ratio = model[0].weight.grad / before0
print(f"第一层的梯度变成原来的 {ratio.mean():.1f} 倍")
print("最后一层的梯度不变:", torch.equal(model[2].weight.grad, before2))
assert torch.allclose(model[0].weight.grad, before0 * 10)  # check
# --8<-- [end:backward_hook_return]

# --8<-- [start:first_layer]
import warnings

import torch
import torch.nn as nn

layer = nn.Linear(4, 2)                        # 模型的第一层
seen = []
layer.register_full_backward_hook(
    lambda m, grad_input, grad_output: seen.append(grad_input))
x = torch.randn(3, 4)                          # 输入数据不需要梯度
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    layer(x).sum().backward()
print("grad_input:", seen[0])
message = str(caught[0].message).split(" See ")[0]
print(f"{caught[0].category.__name__}: {message}")
assert seen[0] == (None,) and len(caught) == 1  # check
# --8<-- [end:first_layer]

# --8<-- [start:tensor_hook]
import torch
import torch.nn as nn

torch.manual_seed(0)
fc1, fc2 = nn.Linear(4, 3), nn.Linear(3, 1)
x = torch.randn(5, 4)
h = torch.tanh(fc1(x))                         # 中间结果，不是叶子张量
grads = {}
h.register_hook(lambda g: grads.update(h=g))   # 返回 None：梯度不变
fc2(h).sum().backward()
print("钩子拿到的梯度形状:", tuple(grads["h"].shape))
print("等于 W2 广播到每一行:",
      torch.equal(grads["h"], fc2.weight.expand(5, 3)))
# --8<-- [end:tensor_hook]

# --8<-- [start:tensor_hook_return]
import torch

w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
w.register_hook(lambda g: g.clamp(-1, 1))      # 返回值代替原梯度
from torch.utils.hooks import RemovableHandle  # check
t = torch.ones(1, requires_grad=True)  # check
assert isinstance(t.register_hook(print), RemovableHandle)  # check
(w * torch.tensor([5.0, 0.5, -4.0])).sum().backward()
print("原梯度 [5.0, 0.5, -4.0]，写入 .grad 的是:", w.grad)
assert torch.equal(w.grad, torch.tensor([1.0, 0.5, -1.0]))  # check
# --8<-- [end:tensor_hook_return]

# --8<-- [start:tensor_hook_no_grad]
import torch

x = torch.randn(3, 4)                          # 输入数据不需要梯度
x.register_hook(print)  # raises: RuntimeError: cannot register a hook on a tensor that doesn't require gradient
# --8<-- [end:tensor_hook_no_grad]

# --8<-- [start:wrong_signature]
import torch
import torch.nn as nn

layer = nn.Linear(4, 2)

def hook(module, output):                      # 少了 args
    print(output.shape)

layer.register_forward_hook(hook)
layer(torch.randn(1, 4))  # raises: TypeError: hook() takes 2 positional arguments but 3 were given
# --8<-- [end:wrong_signature]

# --8<-- [start:wrong_count]
import torch
import torch.nn as nn

layer = nn.Linear(4, 2)
# grad_input 只有一项（只有一个位置参数 x），返回了两项
layer.register_full_backward_hook(
    lambda m, grad_input, grad_output: (grad_input[0], grad_input[0]))
x = torch.randn(3, 4, requires_grad=True)
layer(x).sum().backward()  # raises: RuntimeError: Backward hook returned an invalid number of grad_input
# --8<-- [end:wrong_count]

# --8<-- [start:wrong_size]
import torch

w = torch.randn(3, requires_grad=True)
w.register_hook(lambda g: g.sum())             # 形状变了
(w * 2).sum().backward()  # raises: RuntimeError: has changed the size of value
# --8<-- [end:wrong_size]

# --8<-- [start:inplace_relu]
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(inplace=True), nn.Linear(3, 1))
model[1].register_full_backward_hook(lambda m, gi, go: None)
x = torch.randn(2, 4)
model(x)  # raises: RuntimeError: is a view and is being modified inplace
# --8<-- [end:inplace_relu]

# --8<-- [start:inplace_relu_fix]
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1))
calls = []
model[1].register_full_backward_hook(lambda m, gi, go: calls.append(1))
model(torch.randn(2, 4)).sum().backward()
print("去掉 inplace=True 后，反向钩子被调用:", len(calls), "次")
assert len(calls) == 1  # check
# --8<-- [end:inplace_relu_fix]

# --8<-- [start:walk]
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU())
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        return self.head(self.features(x).mean(dim=(2, 3)))

net = Net()
print("children:", [type(m).__name__ for m in net.children()])
print("named_modules:")
for name, m in net.named_modules():
    print(f"  {name or '(net)':12s} {type(m).__name__}")
print("get_submodule('features.0'):", net.get_submodule("features.0"))
assert net.get_submodule("features.0") is net.features[0]  # check
assert len(list(net.modules())) == 5  # check
assert next(net.named_modules())[0] == ""  # check
names = dict(net.named_modules())  # check
assert all(k.rsplit(".", 1)[0] in names for k in net.state_dict())  # check
# --8<-- [end:walk]

# --8<-- [start:hook_by_type]
import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU())
dead = {}

def frac_zero(name):
    def hook(module, args, output):
        dead[name] = (output == 0).float().mean().item()
    return hook

handles = [m.register_forward_hook(frac_zero(name))
           for name, m in net.named_modules() if isinstance(m, nn.ReLU)]
net(torch.randn(64, 4))
for name, f in dead.items():
    print(f"ReLU {name}: 输出为 0 的比例 {f:.2f}")
for h in handles:
    h.remove()
assert list(dead) == ["1", "3"]  # check
# --8<-- [end:hook_by_type]

# --8<-- [start:parameters]
import torch.nn as nn

net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Linear(4, 2))
for name, p in net.named_parameters():
    print(f"{name:9s} {str(tuple(p.shape)):14s} {p.numel():3d}")
total = sum(p.numel() for p in net.parameters())
net[0].requires_grad_(False)                   # 冻结卷积层
trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
print("参数总数:", total, " 可训练:", trainable)
assert total == 4 * 1 * 3 * 3 + 4 + 2 * 4 + 2 == 50  # check
assert trainable == 10  # check
# --8<-- [end:parameters]

# --8<-- [start:shared_params]
import torch.nn as nn

emb = nn.Embedding(10, 4)
out = nn.Linear(4, 10, bias=False)
out.weight = emb.weight                        # 权重共享（weight tying）
net = nn.ModuleDict({"emb": emb, "out": out})
once = sum(p.numel() for p in net.parameters())
names = [n for n, _ in net.named_parameters(remove_duplicate=False)]
twice = sum(p.numel()
            for _, p in net.named_parameters(remove_duplicate=False))
print("parameters() 去重:", once)
print("不去重的名字:", names, " 合计:", twice)
assert once == 40 and twice == 80  # check
assert len(list(net.named_parameters())) == 1  # check
# --8<-- [end:shared_params]

# --8<-- [start:print_model]
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU())
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        return self.head(self.features(x).mean(dim=(2, 3)))

print(Net())
# --8<-- [end:print_model]
