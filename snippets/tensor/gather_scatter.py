"""gather 与 scatter：按下标取值、写值、累加；index_add_、one_hot；形状与类型规则和真实报错。"""
# --8<-- [start:gather_dim1]
import torch

x = torch.tensor([[0, 1, 2],
                  [10, 11, 12]])      # x[i][j] = 10*i + j：值就是坐标
index = torch.tensor([[2, 0],
                      [1, 1]])        # dim=1：index 里是列号
out = torch.gather(x, 1, index)       # 也可写 x.gather(1, index)
print(out)
print("位置    index   取自       值")
for i in range(2):
    for j in range(2):
        k = index[i, j].item()
        v = out[i, j].item()
        print(f"({i}, {j})  {k}       x[{i}][{k}]    {v}")
assert torch.equal(out, x.gather(1, index))  # check
assert out.tolist() == [[x[i, index[i, j]].item() for j in range(2)] for i in range(2)]  # check
# --8<-- [end:gather_dim1]

# --8<-- [start:gather_dim0]
import torch

x = torch.tensor([[0, 1, 2],
                  [10, 11, 12]])      # x[i][j] = 10*i + j
index = torch.tensor([[1, 0, 1]])     # dim=0：index 里是行号
out = x.gather(0, index)
print(out)
print("位置    index   取自       值")
for j in range(3):
    k = index[0, j].item()
    print(f"(0, {j})  {k}       x[{k}][{j}]    {out[0, j].item()}")
assert out.tolist() == [[x[index[0, j], j].item() for j in range(3)]]  # check
# --8<-- [end:gather_dim0]

# --8<-- [start:gather_formula]
import itertools
import torch

torch.manual_seed(0)
x = torch.randn(2, 3, 4)
for d in range(3):
    size = [2, 3, 4]
    size[d] = 5                       # 沿 dim 这一维可以比 x 长
    index = torch.randint(0, x.shape[d], size)
    out = x.gather(d, index)
    print(f"dim={d}: index {tuple(index.shape)} -> out {tuple(out.shape)}")
    for pos in itertools.product(*map(range, size)):  # check
        src = list(pos)
        src[d] = index[pos].item()
        assert out[pos] == x[tuple(src)]
# --8<-- [end:gather_formula]

# --8<-- [start:pick_by_label]
import torch

probs = torch.tensor([[0.7, 0.2, 0.1],
                      [0.1, 0.3, 0.6],
                      [0.2, 0.5, 0.3]])   # N = 3 个样本，C = 3 类
y = torch.tensor([0, 2, 1])               # 每个样本的标签，形状 (N,)
picked = probs.gather(1, y.unsqueeze(1))  # index 要 (N, 1)
print("gather 结果形状:", tuple(picked.shape))
print("每个样本标签处的概率:", picked.squeeze(1))
same = probs[torch.arange(3), y]          # 等价的高级索引写法
print("与高级索引相同:", torch.equal(picked.squeeze(1), same))
assert torch.equal(picked.squeeze(1), same)  # check
# --8<-- [end:pick_by_label]

# --8<-- [start:gather_smaller_index]
import torch

probs = torch.rand(3, 4)                  # 3 个样本
y = torch.tensor([1, 3])                  # 标签只有 2 个：不报错
picked = probs.gather(1, y.unsqueeze(1))
print("结果形状:", tuple(picked.shape))   # 静默地只取了前 2 行
assert torch.equal(picked[:, 0], probs[:2][torch.arange(2), y])  # check
# --8<-- [end:gather_smaller_index]

# --8<-- [start:gather_missing_dim]
import torch

probs = torch.rand(3, 4)
y = torch.tensor([1, 3, 0])               # (N,)，忘了 unsqueeze(1)
probs.gather(1, y)  # raises: RuntimeError: Index tensor must have the same number of dimensions as input tensor
# --8<-- [end:gather_missing_dim]

# --8<-- [start:gather_index_too_large]
import torch

probs = torch.rand(3, 4)                  # 3 个样本
y = torch.tensor([1, 3, 0, 2])            # 4 个标签
probs.gather(1, y.unsqueeze(1))  # raises: RuntimeError: Size does not match at dimension 0
# --8<-- [end:gather_index_too_large]

# --8<-- [start:gather_out_of_bounds]
import torch

probs = torch.rand(2, 3)                  # C = 3：合法下标 0, 1, 2
y = torch.tensor([[1], [3]])              # 标签从 1 数到 3
try:  # check
    probs.gather(1, torch.tensor([[-1], [0]]))
except RuntimeError as e:
    assert "index -1 is out of bounds" in str(e)
else:
    raise AssertionError("negative index accepted")
probs.gather(1, y)  # raises: RuntimeError: index 3 is out of bounds for dimension 1 with size 3
# --8<-- [end:gather_out_of_bounds]

# --8<-- [start:gather_float_index]
import torch

probs = torch.rand(2, 3)
y = torch.tensor([[1.0], [2.0]])          # 标签是浮点
assert torch.equal(probs.gather(1, y.long()), probs[[0, 1], [1, 2]].unsqueeze(1))  # check
assert torch.equal(probs.gather(1, y.int()), probs.gather(1, y.long()))  # check
probs.gather(1, y)  # raises: RuntimeError: gather(): Expected dtype int32/int64 for index
# --8<-- [end:gather_float_index]

# --8<-- [start:gather_backward]
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
index = torch.tensor([0, 0, 2, 0])        # 第 0 个元素被取了 3 次
out = x.gather(0, index)
out.sum().backward()
print("out:", out.detach())
print("x.grad:", x.grad)                  # 取几次，梯度就累加几次
g = torch.zeros(3).scatter_add_(0, index, torch.ones(4))  # check
assert torch.equal(x.grad, g)  # check
# --8<-- [end:gather_backward]

# --8<-- [start:scatter]
import torch

src = torch.tensor([[1, 2],
                    [3, 4]])
index = torch.tensor([[2, 0],
                      [3, 1]])            # dim=1：写到哪一列
out = torch.zeros(2, 4, dtype=torch.long).scatter_(1, index, src)
print(out)                                # 没被写到的位置保持 0
for i in range(2):  # check
    for j in range(2):
        assert out[i, index[i, j]] == src[i, j]
assert (out != 0).sum() == 4  # check

base = torch.zeros(2, 4)
marked = base.scatter(1, index, 9.0)      # src 可以是一个数
print(marked)
print("scatter 不改 base:", base.sum().item() == 0)
# --8<-- [end:scatter]

# --8<-- [start:scatter_undo_gather]
import torch

torch.manual_seed(0)
x = torch.randn(2, 5)
order = x.argsort(dim=1)                  # 每行的一个排列
picked = x.gather(1, order)               # 按 order 取出：每行排好序
back = torch.empty_like(x).scatter_(1, order, picked)  # 写回原位置
print("每行有序:", bool((picked.diff(dim=1) >= 0).all()))
print("写回后等于 x:", torch.equal(back, x))
assert torch.equal(back, x)  # check
# --8<-- [end:scatter_undo_gather]

# --8<-- [start:scatter_add]
import torch

labels = torch.tensor([0, 2, 0, 1, 2, 2])     # 每个样本属于哪一组
values = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
total = torch.zeros(3).scatter_add_(0, labels, values)
count = torch.zeros(3).scatter_add_(0, labels, torch.ones(6))
print("各组之和:", total)
print("各组个数:", count)
print("各组平均:", total / count)
print("bincount:", torch.bincount(labels))
assert torch.equal(count.long(), torch.bincount(labels))  # check
i32 = torch.zeros(3).scatter_add_(0, labels.int(), values)  # check
assert torch.equal(i32, total)  # check
for k in range(3):  # check
    assert total[k] == values[labels == k].sum()
# --8<-- [end:scatter_add]

# --8<-- [start:scatter_add_dtype]
import torch

labels = torch.tensor([0, 2, 0, 1])
ones = torch.ones_like(labels)            # int64，和 labels 一样
torch.zeros(3).scatter_add_(0, labels, ones)  # raises: RuntimeError: scatter(): Expected self.dtype to be equal to src.dtype
# --8<-- [end:scatter_add_dtype]

# --8<-- [start:scatter_shape]
import torch

out = torch.zeros(3, 4)
index = torch.tensor([[0], [1], [2]])     # (3, 1)
src = torch.ones(2, 1)                    # 只有 2 行
out.scatter_(1, index, src)  # raises: RuntimeError: Expected index [3, 1] to be no larger than self [3, 4] apart from dimension 1
# --8<-- [end:scatter_shape]

# --8<-- [start:scatter_reduce]
import torch

labels = torch.tensor([0, 2, 0, 2])       # 第 1 组没有样本
values = torch.tensor([-1.0, -2.0, -3.0, -4.0])
base = torch.zeros(3)
for r in ["sum", "mean", "amax"]:
    a = base.scatter_reduce(0, labels, values, reduce=r)
    b = base.scatter_reduce(0, labels, values, reduce=r,
                            include_self=False)
    print(f"{r:4} 默认:              ", a)
    print(f"{r:4} include_self=False:", b)
m = base.scatter_reduce(0, labels, values, reduce="mean")  # check
n = torch.bincount(labels, minlength=3)  # check
s = torch.zeros(3).index_add_(0, labels, values)  # check
assert torch.allclose(m, (base + s) / (1 + n))  # check
mf = base.scatter_reduce(0, labels, values, "mean", include_self=False)  # check
assert mf[0] == -2.0 and mf[2] == -3.0 and mf[1] == base[1]  # check
# --8<-- [end:scatter_reduce]

# --8<-- [start:scatter_reduce_add]
import torch

labels = torch.tensor([0, 2, 0, 2])
values = torch.tensor([-1.0, -2.0, -3.0, -4.0])
# "add" 是 scatter_ 旧参数 reduce 的写法
torch.zeros(3).scatter_reduce(0, labels, values, reduce="add")  # raises: RuntimeError: reduce argument must be either sum, prod, mean, amax or amin, got add
# --8<-- [end:scatter_reduce_add]

# --8<-- [start:scatter_reduce_arg_deprecated]
import warnings
import torch

out = torch.zeros(3)
index = torch.tensor([0, 2, 0])
src = torch.tensor([1.0, 2.0, 3.0])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    out.scatter_(0, index, src, reduce="add")   # 旧写法
print(out)
msg = str(caught[0].message)
assert caught[0].category is UserWarning  # check
assert torch.equal(out, torch.zeros(3).scatter_add_(0, index, src))  # check
# 去掉消息末尾指向 C++ 源文件的位置
print("UserWarning:", msg.split(" (Triggered internally")[0])
# --8<-- [end:scatter_reduce_arg_deprecated]

# --8<-- [start:index_add]
import torch

x = torch.zeros(3, 2)
index = torch.tensor([0, 2, 0])           # 第 0 行出现两次
source = torch.tensor([[1.0, 1.0],
                       [2.0, 2.0],
                       [3.0, 3.0]])       # 每个下标对应 source 的一行
x.index_add_(0, index, source, alpha=10)
print(x)
ref = torch.zeros(3, 2)  # check
for i in range(3):  # check
    ref[index[i]] += 10 * source[i]
assert torch.equal(x, ref)  # check
i32 = torch.zeros(3, 2).index_add_(0, index.int(), source, alpha=10)  # check
assert torch.equal(i32, ref)  # check
# --8<-- [end:index_add]

# --8<-- [start:index_add_vs_setitem]
import torch

index = torch.tensor([0, 2, 0])
a = torch.zeros(3)
a[index] += 1                             # 重复的下标只加一次
print("a[index] += 1:", a)
b = torch.zeros(3).index_add_(0, index, torch.ones(3))
print("index_add_:   ", b)
assert a[0] == 1 and b[0] == 2  # check
# --8<-- [end:index_add_vs_setitem]

# --8<-- [start:index_add_shape]
import torch

x = torch.zeros(3, 4)
index = torch.tensor([0, 0])
x.index_add_(0, index, torch.ones(2, 3))  # 第 1 维应是 4  # raises: RuntimeError: source tensor shape must match self tensor shape
# --8<-- [end:index_add_shape]

# --8<-- [start:index_add_count]
import torch

x = torch.zeros(3, 4)
index = torch.tensor([0, 1, 2])           # 3 个下标
x.index_add_(0, index, torch.ones(2, 4))  # 2 行  # raises: RuntimeError: Number of indices (3) should be equal to source.size(dim): (2)
# --8<-- [end:index_add_count]

# --8<-- [start:index_add_dtype]
import numpy as np
import torch

x = torch.zeros(3, 4)                     # float32
source = torch.from_numpy(np.ones((2, 4)))  # NumPy 默认 float64
x.index_add_(0, torch.tensor([0, 0]), source)  # raises: RuntimeError: must have the same scalar type
# --8<-- [end:index_add_dtype]

# --8<-- [start:one_hot]
import torch
import torch.nn.functional as F

y = torch.tensor([0, 2, 1, 2])
oh = F.one_hot(y, num_classes=3)
print(oh)
print("dtype:", oh.dtype, " 形状:", tuple(oh.shape))
by_scatter = torch.zeros(4, 3).scatter_(1, y.unsqueeze(1), 1.0)
print("等于 scatter_ 的写法:", torch.equal(oh.float(), by_scatter))
seq = torch.tensor([[0, 1], [2, 2]])      # 任意形状：末尾加一维 C
print("(2, 2) ->", tuple(F.one_hot(seq, num_classes=3).shape))
assert torch.equal(oh.float(), by_scatter)  # check
assert torch.equal(oh.argmax(dim=1), y)  # check
# --8<-- [end:one_hot]

# --8<-- [start:one_hot_infer]
import torch
import torch.nn.functional as F

batch1 = torch.tensor([0, 3, 1])          # 共 5 类，这一批最大是 3
batch2 = torch.tensor([4, 0, 2])
print("不给 num_classes:", F.one_hot(batch1).shape, F.one_hot(batch2).shape)
print("num_classes=5:   ", F.one_hot(batch1, num_classes=5).shape)
assert F.one_hot(batch1).shape[1] == batch1.max() + 1  # check
# --8<-- [end:one_hot_infer]

# --8<-- [start:one_hot_too_large]
import torch
import torch.nn.functional as F

y = torch.tensor([1, 3, 2])               # 标签从 1 数到 3
F.one_hot(y, num_classes=3)  # raises: RuntimeError: Class values must be smaller than num_classes.
# --8<-- [end:one_hot_too_large]

# --8<-- [start:one_hot_negative]
import torch
import torch.nn.functional as F

y = torch.tensor([0, 2, -100])            # -100 是填充位置
F.one_hot(y, num_classes=3)  # raises: RuntimeError: Class values must be non-negative.
# --8<-- [end:one_hot_negative]

# --8<-- [start:one_hot_dtype]
import torch
import torch.nn.functional as F

y = torch.tensor([0, 2, 1], dtype=torch.int32)
assert F.one_hot(y.long(), 3).shape == (3, 3)  # check
F.one_hot(y, num_classes=3)  # raises: RuntimeError: one_hot is only applicable to index tensor of type LongTensor.
# --8<-- [end:one_hot_dtype]
