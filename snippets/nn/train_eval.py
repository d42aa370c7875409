"""train() / eval()：改了什么（training 标志、Dropout、BatchNorm），没改什么（自动求导）；torch.no_grad 与 torch.inference_mode。"""
# --8<-- [start:flag]
import torch.nn as nn

model = nn.Sequential(
    nn.Linear(4, 8),
    nn.BatchNorm1d(8),
    nn.ReLU(),
    nn.Sequential(nn.Dropout(p=0.5), nn.Linear(8, 2)),   # 嵌套的子模块
)
print("新建:", [m.training for m in model.modules()])   # 默认是训练模式
ret = model.eval()
# 返回自身，可以写 model = Model().eval()
print("返回自身:", ret is model)
# 递归地改了每个子模块的 training
print({name or "(model)": m.training for name, m in model.named_modules()})

model.train(False)                           # eval() 就是 train(False)
print("train(False):", [m.training for m in model.modules()])
assert not any(m.training for m in model.modules())  # check
model.train()                                # 等价于 train(True)
print("train():", [m.training for m in model.modules()])
assert all(m.training for m in model.modules())  # check
# --8<-- [end:flag]

# --8<-- [start:dropout]
import torch
import torch.nn as nn

drop = nn.Dropout(p=0.5)
ones = torch.ones(1000)
drop.train()
print("train: 有元素被置零:", (drop(ones) == 0).any().item())   # 随机置零
drop.eval()
print("eval: 输出等于输入:", torch.equal(drop(ones), ones))     # 恒等映射
# --8<-- [end:dropout]

# --8<-- [start:batchnorm]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(8)
h = torch.randn(16, 8)
m = bn.momentum                          # 默认 0.1
assert m == 0.1  # check

bn.train()
mean0, var0 = bn.running_mean.clone(), bn.running_var.clone()   # 0 和 1
y = bn(h)
# 训练模式：用当前批次的均值和有偏方差归一化
mu, var = h.mean(dim=0), h.var(dim=0, unbiased=False)
expected = (h - mu) / torch.sqrt(var + bn.eps) * bn.weight + bn.bias
print("用批次统计量:", torch.allclose(y, expected, atol=1e-5))
# 每次前向都按动量更新统计量；running_var 用的是无偏方差
assert not torch.equal(bn.running_mean, mean0)  # check
new_mean = (1 - m) * mean0 + m * mu
new_var = (1 - m) * var0 + m * h.var(dim=0, unbiased=True)
print("running_mean 按动量更新:", torch.allclose(bn.running_mean, new_mean))
print("running_var 按动量更新:", torch.allclose(bn.running_var, new_var))

bn.eval()
frozen = bn.running_mean.clone()
y = bn(h)
print("eval 时 running_mean 不变:", torch.equal(bn.running_mean, frozen))
# 评估模式：用存下的统计量归一化
normed = (h - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps)
expected = normed * bn.weight + bn.bias
print("用存下的统计量:", torch.allclose(y, expected, atol=1e-6))
# 单个样本的输出与同批其他样本无关
print("与同批样本无关:", torch.allclose(bn(h[:1]), y[:1]))
# --8<-- [end:batchnorm]

# --8<-- [start:batch_of_one]
import torch
import torch.nn as nn

bn = nn.BatchNorm1d(8)                   # 新建的模块处于训练模式
x = torch.randn(1, 8)                    # 批大小为 1：每个通道只有一个值
bn(x)  # raises: ValueError: Expected more than 1 value per channel when training
# --8<-- [end:batch_of_one]

# --8<-- [start:batch_of_one_eval]
import torch
import torch.nn as nn

bn = nn.BatchNorm1d(8)
x = torch.randn(1, 8)
bn.eval()                                # 用存下的统计量，不需要批次统计量
y = bn(x)
print("eval 下批大小为 1:", tuple(y.shape))
# 刚建好的 BatchNorm：running_mean=0、running_var=1、weight=1、bias=0
expected = x / torch.sqrt(torch.tensor(1.0) + bn.eps)
print("按存下的统计量归一化:", torch.allclose(y, expected))
# --8<-- [end:batch_of_one_eval]

# --8<-- [start:autograd_in_eval]
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(p=0.5), nn.Linear(8, 2))
x = torch.randn(16, 4)
model.eval()
out = model(x)
print("eval 模式下 out.requires_grad =", out.requires_grad,
      "| grad_fn =", type(out.grad_fn).__name__)
assert out.requires_grad and out.grad_fn is not None  # check
out.sum().backward()                     # 反向传播照常工作
print("梯度已写入:", model[0].weight.grad is not None)
# --8<-- [end:autograd_in_eval]

# --8<-- [start:no_grad]
import torch
import torch.nn as nn

# 新建的模型处于训练模式
model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout(p=0.5))
x = torch.randn(16, 4)
stats = model[1].running_mean.clone()
with torch.no_grad():
    out = model(x)
    d = model[2](torch.ones(1000))
print("no_grad 下 out.requires_grad =", out.requires_grad,
      "| grad_fn =", out.grad_fn)        # 不建计算图
assert not out.requires_grad and out.grad_fn is None  # check
# 参数自身的标志没被改
print("参数的 requires_grad =", model[0].weight.requires_grad)
# no_grad 不切换模式：Dropout 仍在丢弃，BatchNorm 统计量照样更新
print("Dropout 置零了元素:", (d == 0).any().item())
print("BatchNorm 统计量变了:", not torch.equal(model[1].running_mean, stats))
# --8<-- [end:no_grad]

# --8<-- [start:no_grad_backward]
import torch
import torch.nn as nn

lin = nn.Linear(4, 2)
with torch.no_grad():
    out = lin(torch.randn(3, 4))
out.sum().backward()  # raises: RuntimeError: does not require grad and does not have a grad_fn
# --8<-- [end:no_grad_backward]

# --8<-- [start:inference_mode]
import torch
import torch.nn as nn

backbone, head = nn.Linear(4, 8), nn.Linear(8, 2)
x = torch.randn(16, 4)
with torch.inference_mode():
    feats = backbone(x)                  # 在 inference_mode 中创建的张量
print("推理张量:", feats.is_inference(), "| requires_grad:", feats.requires_grad)
assert feats.is_inference() and not feats.requires_grad  # check
# 之后拿去参与求导
head(feats).sum().backward()  # raises: RuntimeError: Inference tensors cannot be saved for backward
# --8<-- [end:inference_mode]

# --8<-- [start:inference_clone]
import torch
import torch.nn as nn

backbone, head = nn.Linear(4, 8), nn.Linear(8, 2)
x = torch.randn(16, 4)
with torch.inference_mode():
    feats = backbone(x)
# 在 inference_mode 外 clone 一份普通张量就可以
normal = feats.clone()
print("推理张量:", normal.is_inference())
head(normal).sum().backward()
print("梯度已写入:", head.weight.grad is not None)
# --8<-- [end:inference_clone]

# --8<-- [start:evaluate]
import torch
import torch.nn as nn

def evaluate(model, x):
    was_training = model.training
    # Dropout 关闭，BatchNorm 用存下的统计量
    model.eval()
    with torch.no_grad():                    # 不建计算图，省内存
        out = model(x)
    model.train(was_training)                # 恢复原来的模式
    return out

model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(),
                      nn.Dropout(p=0.5), nn.Linear(8, 2))
x = torch.randn(16, 4)
model.train()
a = evaluate(model, x)
b = evaluate(model, x)
print("两次结果相同:", torch.equal(a, b))     # 评估结果是确定的
print("之后 model.training =", model.training)   # 回到了训练模式
# --8<-- [end:evaluate]
