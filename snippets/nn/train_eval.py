"""train() / eval()：改了什么（training 标志、Dropout、BatchNorm），没改什么（自动求导）；torch.no_grad 与 torch.inference_mode。"""
# --8<-- [start:imports]
import torch
import torch.nn as nn
# --8<-- [end:imports]

# --8<-- [start:setup]
torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 8),
    nn.BatchNorm1d(8),
    nn.ReLU(),
    nn.Sequential(nn.Dropout(p=0.5), nn.Linear(8, 2)),   # 嵌套的子模块
)
x = torch.randn(16, 4)
# --8<-- [end:setup]

# --8<-- [start:flag]
def flags(m):
    return {name or "(model)": sub.training for name, sub in m.named_modules()}

assert all(flags(model).values())            # 新建的模块默认是训练模式
ret = model.eval()
# 返回自身，可以写 model = Model().eval()
assert ret is model
print(flags(model))
assert not any(flags(model).values())        # 递归地改了每个子模块的 training

model.train(False)                           # eval() 就是 train(False)
assert not any(flags(model).values())
model.train()                                # 等价于 train(True)
assert all(flags(model).values())
# --8<-- [end:flag]

# --8<-- [start:dropout]
drop = model[3][0]
ones = torch.ones(1000)
model.train()
assert (drop(ones) == 0).any()               # 训练模式：随机置零
model.eval()
assert torch.equal(drop(ones), ones)         # 评估模式：恒等映射
print("train: 有元素被置零；eval: 输出等于输入")
# --8<-- [end:dropout]

# --8<-- [start:batchnorm]
bn = model[1]
model.train()
before = bn.running_mean.clone()
h = model[0](x)
model(x)
# 训练模式：每次前向都更新统计量
assert not torch.equal(bn.running_mean, before)
m = bn.momentum
assert m == 0.1                                       # 默认动量
assert torch.allclose(bn.running_mean, (1 - m) * before + m * h.mean(dim=0))
print("train 后 running_mean 变了:", bn.running_mean[:3])

fresh = nn.BatchNorm1d(8)                             # 新的一层，只用来核对两个公式
y = fresh(h)
# 训练模式：用当前批次的均值和有偏方差归一化
normed = (h - h.mean(dim=0)) / torch.sqrt(h.var(dim=0, unbiased=False) + fresh.eps)
assert torch.allclose(y, normed * fresh.weight + fresh.bias, atol=1e-5)
# running_var 按同样的动量公式更新，用的是无偏方差（初始值为 1）
assert torch.allclose(fresh.running_var, (1 - m) * torch.ones(8) + m * h.var(dim=0, unbiased=True))

model.eval()
frozen = bn.running_mean.clone()
model(x)
assert torch.equal(bn.running_mean, frozen)           # 评估模式：不更新
expected = (h - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps) * bn.weight + bn.bias
# 评估模式：用存下的统计量归一化
assert torch.allclose(bn(h), expected, atol=1e-6)
# 单个样本的输出与同批其他样本无关
assert torch.allclose(bn(h[:1]), bn(h)[:1])
print("eval 后 running_mean 不变:", bn.running_mean[:3])
# --8<-- [end:batchnorm]

# --8<-- [start:autograd_in_eval]
model.eval()
out = model(x)
print("eval 模式下 out.requires_grad =", out.requires_grad,
      "| grad_fn =", type(out.grad_fn).__name__)
assert out.requires_grad and out.grad_fn is not None   # eval() 不关闭自动求导
out.sum().backward()
assert model[0].weight.grad is not None                # 反向传播照常工作
model.zero_grad()
# --8<-- [end:autograd_in_eval]

# --8<-- [start:no_grad]
model.train()
stats = bn.running_mean.clone()
with torch.no_grad():
    out = model(x)
    d = drop(ones)
print("no_grad 下 out.requires_grad =", out.requires_grad, "| grad_fn =", out.grad_fn)
assert not out.requires_grad and out.grad_fn is None   # 不建计算图
assert model[0].weight.requires_grad                   # 参数自身的标志没被改
# Dropout 仍在丢弃：no_grad 不切换模式
assert (d == 0).any()
assert not torch.equal(bn.running_mean, stats)         # BatchNorm 统计量照样更新

try:
    out.sum().backward()
except RuntimeError as e:
    assert "does not require grad and does not have a grad_fn" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:no_grad]

# --8<-- [start:inference_mode]
model.eval()
with torch.inference_mode():
    feats = model[0](x)                      # 在 inference_mode 中创建的张量
assert feats.is_inference() and not feats.requires_grad

head = nn.Linear(8, 2)
try:
    head(feats).sum().backward()             # 之后拿去参与求导
except RuntimeError as e:
    assert "Inference tensors cannot be saved for backward" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

# 在 inference_mode 外 clone 一份普通张量就可以
head(feats.clone()).sum().backward()
assert head.weight.grad is not None
# --8<-- [end:inference_mode]

# --8<-- [start:evaluate]
def evaluate(model, x):
    was_training = model.training
    # Dropout 关闭，BatchNorm 用存下的统计量
    model.eval()
    with torch.no_grad():                    # 不建计算图，省内存
        out = model(x)
    model.train(was_training)                # 恢复原来的模式
    return out

model.train()
a = evaluate(model, x)
b = evaluate(model, x)
assert torch.equal(a, b)                     # 评估结果是确定的
assert model.training                        # 回到了训练模式
print("evaluate 两次结果相同；之后 model.training =", model.training)
# --8<-- [end:evaluate]
