"""nn.Parameter：注册意味着什么；与普通张量属性、缓冲区、ParameterList 的区别。"""
# --8<-- [start:register]
import torch
import torch.nn as nn


class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.ones(3))   # 注册为参数
        self.t = torch.ones(3)                 # 普通张量属性：不注册

    def forward(self, x):
        return x * self.w + self.t


m = Scale()
names = [name for name, _ in m.named_parameters()]
print("named_parameters:", names)
print("state_dict keys:", list(m.state_dict().keys()))
assert names == ["w"]  # check
assert list(m.state_dict().keys()) == ["w"]  # check
assert len(list(m.parameters())) == 1 and next(m.parameters()) is m.w  # check
assert "t" not in dict(m.named_parameters())  # check
# --8<-- [end:register]

# --8<-- [start:super_init]
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        # 忘了先调用 super().__init__()
        self.fc = nn.Linear(4, 2)


import torch  # check
class P(nn.Module):  # check
    def __init__(self):
        self.w = nn.Parameter(torch.zeros(2))
class B(nn.Module):  # check
    def __init__(self):
        self.register_buffer("b", torch.zeros(2))
def message(make):  # check
    try:
        make()
    except AttributeError as error:
        return str(error)
assert message(P) == "cannot assign parameters before Module.__init__() call"  # check
assert message(B) == "cannot assign buffer before Module.__init__() call"  # check
Net()  # raises: AttributeError: cannot assign module before Module.__init__() call
# --8<-- [end:super_init]

# --8<-- [start:super_init_fixed]
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()                 # 先建好注册要用的字典
        self.fc = nn.Linear(4, 2)


print([name for name, _ in Net().named_parameters()])
# --8<-- [end:super_init_fixed]

# --8<-- [start:requires_grad]
import torch
import torch.nn as nn

p = nn.Parameter(torch.zeros(2))
t = torch.zeros(2)
print("Parameter:", p.requires_grad, "| 普通张量:", t.requires_grad)
print("是 Tensor:", isinstance(p, torch.Tensor))   # Tensor 的子类
assert p.requires_grad and not t.requires_grad  # check

# 新的 Parameter 对象，与 t 共享存储
q = nn.Parameter(t)
print("新对象:", q is not t, "| 共享存储:", q.data_ptr() == t.data_ptr())
print("t 本身:", type(t).__name__, "| requires_grad:", t.requires_grad)
assert type(t) is torch.Tensor and not t.requires_grad  # check

frozen = nn.Parameter(torch.zeros(2), requires_grad=False)
print(frozen)
assert not frozen.requires_grad  # check
holder = nn.Module()
holder.frozen = frozen                         # 冻结的参数照样注册
print("named_parameters:", [n for n, _ in holder.named_parameters()])
print("state_dict keys:", list(holder.state_dict().keys()))
# --8<-- [end:requires_grad]

# --8<-- [start:to]
import torch
import torch.nn as nn

m = nn.Module()
m.w = nn.Parameter(torch.ones(3))      # 注册为参数
m.t = torch.ones(3)                    # 普通张量属性：不注册
w_before = m.w
m.to(torch.float64)                    # 只转换注册过的张量
print("w:", m.w.dtype, "| t:", m.t.dtype)
assert m.w.dtype == torch.float64  # check
assert m.t.dtype == torch.float32  # check
# 还是同一个 Parameter 对象，优化器里的引用不失效
print("同一个对象:", m.w is w_before)
# 类型提升掩盖了问题；换成 .to("cuda")，t 留在 CPU 上，这一步就会报设备不一致
out = torch.ones(3, dtype=torch.float64) * m.w + m.t
print("计算结果:", out.dtype)
assert out.dtype == torch.float64  # check
# --8<-- [end:to]

# --8<-- [start:assign]
import torch
import torch.nn as nn

m = nn.Module()
m.w = nn.Parameter(torch.ones(3))
# 名字已注册为参数，只能赋 Parameter 或 None
m.w = torch.zeros(3)  # raises: TypeError: (torch.nn.Parameter or None expected)
# --8<-- [end:assign]

# --8<-- [start:assign_parameter]
import torch
import torch.nn as nn

m = nn.Module()
m.w = nn.Parameter(torch.ones(3))
m.w = nn.Parameter(torch.zeros(3))     # 换一个 Parameter 可以
m.extra = nn.Parameter(torch.ones(1))  # 赋值时是 Parameter 就自动注册
print([name for name, _ in m.named_parameters()])
assert [name for name, _ in m.named_parameters()] == ["w", "extra"]  # check
# --8<-- [end:assign_parameter]

# --8<-- [start:buffer]
import torch
import torch.nn as nn


class Norm(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(3))
        # 持久缓冲区
        self.register_buffer("running_mean", torch.zeros(3))
        # 非持久缓冲区
        self.register_buffer("cache", torch.zeros(3), persistent=False)


m = Norm()
print("parameters:", [n for n, _ in m.named_parameters()])
print("buffers:   ", [n for n, _ in m.named_buffers()])
print("state_dict:", list(m.state_dict().keys()))    # cache 不在其中
assert [n for n, _ in m.named_parameters()] == ["weight"]  # check
assert [n for n, _ in m.named_buffers()] == ["running_mean", "cache"]  # check
assert list(m.state_dict().keys()) == ["weight", "running_mean"]  # check
assert not m.running_mean.requires_grad  # check

m.to(torch.float64)                    # 缓冲区（持久与否）都随 .to() 转换
print("buffers after .to:", m.running_mean.dtype, m.cache.dtype)
assert m.running_mean.dtype == m.cache.dtype == torch.float64  # check

m.cache.fill_(5.0)
m.load_state_dict(Norm().state_dict())  # 加载不碰非持久缓冲区
print("cache:", m.cache)                # 保持加载前的值
assert torch.equal(m.cache, torch.full((3,), 5.0, dtype=torch.float64))  # check
# --8<-- [end:buffer]

# --8<-- [start:buffer_name_taken]
import torch
import torch.nn as nn


class Memory(nn.Module):
    def __init__(self):
        super().__init__()
        self.mem_bias = torch.zeros(3)                     # 普通属性
        self.register_buffer("mem_bias", torch.zeros(3))  # 同名


Memory()  # raises: KeyError: already exists
# --8<-- [end:buffer_name_taken]

# --8<-- [start:parameter_list]
import torch
import torch.nn as nn


class WithList(nn.Module):
    def __init__(self):
        super().__init__()
        # Python 列表
        self.ps = [nn.Parameter(torch.ones(2)) for _ in range(3)]


class WithParameterList(nn.Module):
    def __init__(self):
        super().__init__()
        self.ps = nn.ParameterList(
            [nn.Parameter(torch.ones(2)) for _ in range(3)])


a, b = WithList(), WithParameterList()
print("list:         ", len(list(a.parameters())), list(a.state_dict().keys()))
print("ParameterList:", len(list(b.parameters())), list(b.state_dict().keys()))
assert len(list(a.parameters())) == 0  # check
assert len(list(b.parameters())) == 3  # check
assert list(b.state_dict().keys()) == ["ps.0", "ps.1", "ps.2"]  # check
assert b.ps[0].requires_grad  # check
# --8<-- [end:parameter_list]

# --8<-- [start:add_module]
import torch
import torch.nn as nn


class Tower(nn.Module):
    def __init__(self, depth):
        super().__init__()
        for i in range(depth):
            # 名字在运行时才拼出来
            self.add_module(f"block{i}", nn.Linear(4, 4))

    def forward(self, x):
        for block in self.children():      # 按注册的顺序
            x = block(x)
        return x


m = Tower(3)
print("named_children:", [name for name, _ in m.named_children()])
print("state_dict:", list(m.state_dict()))
print("按属性访问:", m.block1)
print("输出:", m(torch.ones(1, 4)).shape)
class ByRegister(nn.Module):  # check
    def __init__(self, depth):
        super().__init__()
        for i in range(depth):
            self.register_module(f"block{i}", nn.Linear(4, 4))
class BySetattr(nn.Module):  # check
    def __init__(self, depth):
        super().__init__()
        for i in range(depth):
            setattr(self, f"block{i}", nn.Linear(4, 4))
for other in (ByRegister(3), BySetattr(3)):  # check
    assert list(other.state_dict()) == list(m.state_dict())
    assert [n for n, _ in other.named_children()] == ["block0", "block1", "block2"]
# --8<-- [end:add_module]

# --8<-- [start:add_module_dot]
import torch
import torch.nn as nn

m = nn.Module()
loose = nn.Module()  # check
setattr(loose, "layer.0", nn.Linear(4, 4))  # check
assert list(loose.state_dict()) == ["layer.0.weight", "layer.0.bias"]  # check
taken = nn.Module()  # check
taken.note = "plain attribute"  # check
try:  # check
    taken.add_module("note", nn.Linear(4, 4))
except KeyError as error:
    assert str(error) == "\"attribute 'note' already exists\""
else:
    raise AssertionError("add_module replaced a plain attribute")
try:  # check
    taken.add_module("forward", nn.Linear(4, 4))
except KeyError as error:
    assert str(error) == "\"attribute 'forward' already exists\""
else:
    raise AssertionError("add_module replaced forward")
try:  # check
    nn.ModuleDict({"layer.0": nn.Linear(4, 4)})
except KeyError as error:
    assert error.args[0] == "module name can't contain \".\", got: layer.0"
else:
    raise AssertionError("ModuleDict accepted a key with a dot")
# state_dict 的键用 "." 分隔层级，名字里不能有 "."
m.add_module("layer.0", nn.Linear(4, 4))  # raises: KeyError: contain ".", got: layer.0
# --8<-- [end:add_module_dot]

# --8<-- [start:add_module_class]
import torch
import torch.nn as nn

m = nn.Module()
loose = nn.Module()  # check
setattr(loose, "fc", nn.Linear)  # check
assert list(loose.named_children()) == [] and loose.fc is nn.Linear  # check
try:  # check
    m.add_module("fc", [nn.Linear(4, 4)])
except TypeError as error:
    assert str(error) == "list is not a Module subclass"
else:
    raise AssertionError("add_module accepted a list")
try:  # check
    m.add_module("fc", torch.ones(4))
except TypeError as error:
    assert str(error) == "torch.FloatTensor is not a Module subclass"
else:
    raise AssertionError("add_module accepted a tensor")
# 传的是类本身，忘了写 (4, 4) 创建实例
m.add_module("fc", nn.Linear)  # raises: TypeError: torch.nn.modules.linear.Linear is not a Module subclass
# --8<-- [end:add_module_class]

# --8<-- [start:shared_module]
import torch
import torch.nn as nn

torch.manual_seed(0)
shared = nn.Linear(4, 4)               # 两个网络共用的层
net_a = nn.Sequential(shared, nn.ReLU(), nn.Linear(4, 2))
net_b = nn.Sequential(shared, nn.Tanh(), nn.Linear(4, 2))
print("同一个权重:", net_a[0].weight is net_b[0].weight)

both = nn.ModuleDict({"a": net_a, "b": net_b})
print("named_parameters:", [n for n, _ in both.named_parameters()])
print("state_dict 的键数:", len(both.state_dict()))
sd = both.state_dict()  # check
assert sd["a.0.weight"].data_ptr() == sd["b.0.weight"].data_ptr()  # check

x = torch.randn(3, 4)
# 分别求两个网络对共享权重的梯度
g_a, = torch.autograd.grad(net_a(x).sum(), shared.weight)
g_b, = torch.autograd.grad(net_b(x).sum(), shared.weight)
(net_a(x).sum() + net_b(x).sum()).backward()
print("梯度是两处之和:", torch.allclose(shared.weight.grad, g_a + g_b))
torch.testing.assert_close(shared.weight.grad, g_a + g_b)  # check
assert not torch.allclose(g_a, torch.zeros_like(g_a))  # check
assert not torch.allclose(g_b, torch.zeros_like(g_b))  # check
# --8<-- [end:shared_module]

# --8<-- [start:tied_weights]
import torch
import torch.nn as nn


class TinyLM(nn.Module):
    def __init__(self, vocab=10, dim=4):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)            # weight: (vocab, dim)
        self.out = nn.Linear(dim, vocab, bias=False)   # weight: (vocab, dim)
        self.out.weight = self.emb.weight              # 赋同一个 Parameter

    def forward(self, idx):
        return self.out(self.emb(idx))


m = TinyLM()
print("同一个对象:", m.out.weight is m.emb.weight)
print("named_parameters:", [n for n, _ in m.named_parameters()])
print("state_dict:", list(m.state_dict()))
sd = m.state_dict()
same = sd["emb.weight"].data_ptr() == sd["out.weight"].data_ptr()
print("两个键共享存储:", same)
print("logits:", tuple(m(torch.tensor([[1, 2, 3]])).shape))
bad = nn.Linear(4, 10, bias=False)  # check
bad.weight = nn.Embedding(10, 5).weight  # check
try:  # check
    bad(torch.ones(2, 4))
except RuntimeError as error:
    assert "shapes cannot be multiplied" in str(error)
else:
    raise AssertionError("mismatched tied weight did not fail in forward")
# --8<-- [end:tied_weights]

# --8<-- [start:tied_grad]
import torch
import torch.nn as nn

torch.manual_seed(0)
emb = nn.Embedding(10, 4)
out = nn.Linear(4, 10, bias=False)
out.weight = emb.weight                # 权重共享
idx = torch.tensor([1, 2, 3])
out(emb(idx)).pow(2).mean().backward()
W = emb.weight

# 对照：两处各用一份独立的副本，分别得到梯度
w_in = W.detach().clone().requires_grad_()
w_out = W.detach().clone().requires_grad_()
(w_in[idx] @ w_out.T).pow(2).mean().backward()
print("梯度 = 两处之和:", torch.allclose(W.grad, w_in.grad + w_out.grad))
torch.testing.assert_close(W.grad, w_in.grad + w_out.grad)  # check
assert torch.equal(w_in[idx] @ w_out.T, out(emb(idx)))  # check
assert not torch.equal(w_in.grad, w_out.grad)  # check

params = list(nn.ModuleList([emb, out]).parameters())
opt = torch.optim.SGD(params, lr=0.1)
print("优化器里的参数:", len(opt.param_groups[0]["params"]))
before = W.detach().clone()
opt.step()
print("只更新一次:", torch.allclose(W, before - 0.1 * W.grad))
print("仍是同一个:", out.weight is emb.weight)
# --8<-- [end:tied_grad]

# --8<-- [start:tie_persists]
import copy
import torch
import torch.nn as nn


class TinyLM(nn.Module):
    def __init__(self, vocab=10, dim=4):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.out = nn.Linear(dim, vocab, bias=False)
        self.out.weight = self.emb.weight              # 权重共享


torch.manual_seed(0)
m = TinyLM()
m2 = TinyLM()
m2.load_state_dict(m.state_dict())     # 把值复制进已有的参数
print("load_state_dict 之后:", m2.out.weight is m2.emb.weight,
      "| 值相同:", torch.equal(m2.emb.weight, m.emb.weight))
m3 = copy.deepcopy(m)
print("deepcopy 之后:", m3.out.weight is m3.emb.weight,
      "| 与原模型无关:", m3.emb.weight is not m.emb.weight)
m.to(torch.float64)
print(".to() 之后:", m.out.weight is m.emb.weight)
untied = {"emb.weight": torch.zeros(10, 4), "out.weight": torch.ones(10, 4)}
# 两个键的值不同：先后复制进同一个参数，后复制的 out.weight 留下
m2.load_state_dict(untied)
print("不共享的检查点:", m2.out.weight is m2.emb.weight,
      "| 值来自 out.weight:", torch.equal(m2.emb.weight, untied["out.weight"]))
# --8<-- [end:tie_persists]

# --8<-- [start:tie_broken]
import torch
import torch.nn as nn

torch.manual_seed(0)
emb = nn.Embedding(10, 4)
out = nn.Linear(4, 10, bias=False)
out.weight = nn.Parameter(emb.weight.clone())  # 错：复制了一份
m = nn.ModuleList([emb, out])
print("同一个对象:", out.weight is emb.weight,
      "| 值相等:", torch.equal(out.weight, emb.weight))
print("named_parameters:", [n for n, _ in m.named_parameters()])

opt = torch.optim.SGD(m.parameters(), lr=0.1)
out(emb(torch.tensor([1, 2, 3]))).pow(2).mean().backward()
opt.step()                             # 两个参数各按各的梯度更新
print("更新后仍相等:", torch.equal(out.weight, emb.weight))
assert not torch.equal(out.weight.grad, emb.weight.grad)  # check
other = nn.Linear(4, 10, bias=False)  # check
with torch.no_grad():  # check
    other.weight.data.copy_(emb.weight.data)
assert other.weight is not emb.weight  # check
assert torch.equal(other.weight, emb.weight)  # check
# --8<-- [end:tie_broken]

# --8<-- [start:tie_data]
import copy
import torch
import torch.nn as nn

torch.manual_seed(0)
emb = nn.Embedding(10, 4)
out = nn.Linear(4, 10, bias=False)
out.weight.data = emb.weight.data      # 只共享存储，仍是两个 Parameter
m = nn.ModuleList([emb, out])
print("同一个对象:", out.weight is emb.weight,
      "| 共享存储:", out.weight.data_ptr() == emb.weight.data_ptr())
print("parameters() 的个数:", len(list(m.parameters())))
out(emb(torch.tensor([1, 2, 3]))).pow(2).mean().backward()
print("梯度相同:", torch.equal(out.weight.grad, emb.weight.grad))

emb2, out2 = copy.deepcopy(m)
print("deepcopy 之后共享存储:", out2.weight.data_ptr() == emb2.weight.data_ptr())
m.to(torch.float64)
print(".to() 之后共享存储:", out.weight.data_ptr() == emb.weight.data_ptr())
# --8<-- [end:tie_data]

# --8<-- [start:shared_optimizer]
import warnings
import torch
import torch.nn as nn

torch.manual_seed(0)
shared = nn.Linear(2, 2)
net_a = nn.Sequential(shared, nn.Linear(2, 1))
net_b = nn.Sequential(shared, nn.Linear(2, 1))
params = list(net_a.parameters()) + list(net_b.parameters())
print("列表里的参数:", len(params))     # 共享层的 2 个参数各出现两次
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    opt = torch.optim.SGD(params, lr=0.1)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

x = torch.randn(3, 2)
(net_a(x).sum() + net_b(x).sum()).backward()
before = shared.weight.detach().clone()
opt.step()
g = shared.weight.grad
print("共享层走了两步:", torch.allclose(before - shared.weight, 2 * 0.1 * g))

# 放进同一个容器再取 parameters()：自动去重
both = nn.ModuleList([net_a, net_b])
print("去重后:", len(list(both.parameters())))
assert len({id(p) for p in both.parameters()}) == 6  # check
try:  # check
    torch.optim.SGD([{"params": net_a.parameters()},
                     {"params": net_b.parameters()}], lr=0.1)
except ValueError as error:
    assert str(error) == "some parameters appear in more than one parameter group"
else:
    raise AssertionError("shared parameter accepted in two groups")
# --8<-- [end:shared_optimizer]
