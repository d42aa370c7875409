"""归约：sum、mean、max、min、argmax、topk、sort 的 dim 与 keepdim；softmax 的 dim；并列与 NaN。"""
# --8<-- [start:sum_dim]
import torch

x = torch.tensor([[1, 2, 3],
                  [4, 5, 6]])                 # (2, 3)
print("sum():      ", x.sum())
print("sum(dim=0): ", x.sum(dim=0), " 形状:", tuple(x.sum(dim=0).shape))
print("sum(dim=1): ", x.sum(dim=1), " 形状:", tuple(x.sum(dim=1).shape))
print("sum(dim=-1):", x.sum(dim=-1))         # -1 是最后一维
assert torch.equal(x.sum(dim=0), x[0] + x[1])  # check
assert torch.equal(x.sum(dim=1), x[:, 0] + x[:, 1] + x[:, 2])  # check
assert torch.equal(x.sum(dim=-1), x.sum(dim=1))  # check
# --8<-- [end:sum_dim]

# --8<-- [start:sum_multi_dim]
import torch

torch.manual_seed(0)
images = torch.randn(8, 3, 32, 32)            # (N, C, H, W)
pooled = images.mean(dim=(2, 3))              # 每张图、每个通道一个平均值
print("mean(dim=(2, 3)):", tuple(pooled.shape))
per_channel = images.mean(dim=(0, 2, 3))      # 每个通道在整个批次上的平均值
print("mean(dim=(0, 2, 3)):", tuple(per_channel.shape))
print(f"pooled[1, 2] = {pooled[1, 2]:.4f}  按定义: {images[1, 2].mean():.4f}")
assert torch.allclose(pooled, images.mean(dim=3).mean(dim=2))  # check
assert torch.allclose(pooled[1, 2], images[1, 2].sum() / (32 * 32))  # check
# --8<-- [end:sum_multi_dim]

# --8<-- [start:keepdim]
import torch

x = torch.tensor([[1.0, 3.0],
                  [2.0, 6.0],
                  [5.0, 5.0]])                # (3, 2)
print("keepdim=False:", tuple(x.sum(dim=1).shape))
print("keepdim=True: ", tuple(x.sum(dim=1, keepdim=True).shape))
p = x / x.sum(dim=1, keepdim=True)            # (3, 2) / (3, 1)：每行除以本行的和
print(p)
print("每行的和:", p.sum(dim=1))
assert torch.allclose(p.sum(dim=1), torch.ones(3))  # check
assert torch.equal(x.sum(dim=1, keepdim=True), x.sum(dim=1).unsqueeze(1))  # check
# --8<-- [end:keepdim]

# --8<-- [start:keepdim_square]
import torch

x = torch.tensor([[1.0, 1.0, 2.0],
                  [3.0, 3.0, 4.0],
                  [1.0, 5.0, 5.0]])           # 方阵：(3, 3)
s = x.sum(dim=1)                              # (3,)：对齐成 (1, 3)
wrong = x / s                                 # 第 j 列除以第 j 行的和
print("每行的和（本应都是 1）:", wrong.sum(dim=1))
right = x / x.sum(dim=1, keepdim=True)
print("keepdim=True 时每行的和:", right.sum(dim=1))
assert torch.allclose(wrong, x / s.unsqueeze(0))  # check
# --8<-- [end:keepdim_square]

# --8<-- [start:keepdim_error]
import torch

x = torch.ones(2, 3)
s = x.sum(dim=1)                              # (2,)，对齐成 (1, 2)
x / s  # raises: RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1
# --8<-- [end:keepdim_error]

# --8<-- [start:sum_dtype]
import torch

i32 = torch.tensor([1, 2, 3], dtype=torch.int32)
print("int32 求和:", i32.sum().dtype)          # 整数求和得到 int64
i8 = torch.tensor([100, 100], dtype=torch.int8)   # int8 最大是 127
print("int8 求和:", i8.sum())
mask = torch.tensor([True, False, True, True])
print("bool 求和:", mask.sum(), mask.sum().dtype)   # True 的个数
n = torch.arange(6)                           # int64
print("整数的平均值:", n.float().mean(), n.mean(dtype=torch.float32))
assert torch.tensor([100, 100], dtype=torch.int8).sum() == 200  # check
# --8<-- [end:sum_dtype]

# --8<-- [start:mean_int_error]
import torch

n = torch.arange(6)                           # int64
n.mean()  # raises: RuntimeError: mean(): could not infer output dtype
# --8<-- [end:mean_int_error]

# --8<-- [start:max_dim]
import torch

x = torch.tensor([[3.0, 7.0, 1.0],
                  [9.0, 2.0, 4.0]])
print("max():", x.max())                      # 不带 dim：一个值
r = x.max(dim=1)                              # 带 dim：(values, indices)
print(r)
values, indices = x.max(dim=1)                # 可以直接拆开
print("values:", values, " indices:", indices)
print("argmax(dim=1):", x.argmax(dim=1))
print("min(dim=0):", x.min(dim=0).values, x.min(dim=0).indices)
kept = x.max(dim=1, keepdim=True)
print("keepdim=True:", tuple(kept.values.shape), tuple(kept.indices.shape))
assert torch.equal(r.values, r[0]) and torch.equal(r.indices, r[1])  # check
assert torch.equal(indices, x.argmax(dim=1))  # check
assert torch.equal(x.min(dim=0).indices, x.argmin(dim=0))  # check
assert torch.equal(x.gather(1, indices.unsqueeze(1)).squeeze(1), values)  # check
try:  # check
    x.max(dim=(0, 1))
    raise AssertionError("max should not accept a tuple of dims")
except TypeError:
    assert x.amax(dim=(0, 1)) == 9
# --8<-- [end:max_dim]

# --8<-- [start:max_two_tensors]
import torch

x = torch.tensor([[3.0, 7.0, 1.0],
                  [9.0, 2.0, 4.0]])
y = torch.tensor([5.0, 5.0, 5.0])
print("torch.max(x, 1):", torch.max(x, 1).values)   # 第二个参数是整数：dim
print("torch.max(x, y):")                           # 是张量：逐元素取大
print(torch.max(x, y))
assert torch.equal(torch.max(x, y), torch.maximum(x, y))  # check
# --8<-- [end:max_two_tensors]

# --8<-- [start:max_unpack_error]
import torch

x = torch.tensor([[3.0, 7.0, 1.0],
                  [9.0, 2.0, 4.0]])
values, indices = x.max()  # raises: TypeError: iteration over a 0-d tensor
# --8<-- [end:max_unpack_error]

# --8<-- [start:argmax]
import torch

logits = torch.tensor([[2.0, 0.5, -1.0],
                       [0.1, 0.2, 3.0],
                       [1.0, 4.0, 1.0],
                       [0.0, 0.3, 0.1]])      # (N, C)
target = torch.tensor([0, 2, 2, 1])
pred = logits.argmax(dim=1)                   # 每个样本的预测类别
print("预测:", pred)
print("准确率:", (pred == target).float().mean().item())
flat = logits.argmax()                        # 不带 dim：压平后的下标
print("argmax():", flat.item())
row, col = torch.unravel_index(flat, logits.shape)
print("换成 (行, 列):", row.item(), col.item())
assert logits.flatten()[flat] == logits.max()  # check
assert torch.equal(pred, logits.softmax(dim=1).argmax(dim=1))  # check
assert flat.item() == 2 * 3 + 1  # check
# --8<-- [end:argmax]

# --8<-- [start:topk]
import torch

scores = torch.tensor([0.1, 0.8, 0.3, 0.9, 0.5])
v, i = scores.topk(3)                         # 最大的 3 个，从大到小
print("topk(3):", v, i)
v, i = scores.topk(2, largest=False)          # 最小的 2 个
print("largest=False:", v, i)

logits = torch.tensor([[0.1, 0.5, 0.2, 0.9],
                       [0.7, 0.1, 0.6, 0.0]])
target = torch.tensor([1, 2])
top2 = logits.topk(2, dim=1).indices          # 每行最大的 2 个类别
print("top-2 类别:", top2.tolist())
hit = (top2 == target.unsqueeze(1)).any(dim=1)
print("top-2 准确率:", hit.float().mean().item())
assert torch.equal(scores.topk(3).values, scores.sort(descending=True).values[:3])  # check
# --8<-- [end:topk]

# --8<-- [start:topk_error]
import torch

scores = torch.tensor([0.1, 0.8, 0.3])
scores.topk(5)  # raises: RuntimeError: selected index k out of range
# --8<-- [end:topk_error]

# --8<-- [start:sort]
import torch

x = torch.tensor([30, 10, 40, 20])
values, indices = x.sort()
print("sort():", values, indices)
print("descending=True:", x.sort(descending=True).values)
print("argsort():", x.argsort())
print("x[indices] == values:", torch.equal(x[indices], values))
rank = indices.argsort()                      # 逆排列：每个元素排第几（从 0 数）
print("名次:", rank)
assert torch.equal(values[rank], x)  # check
assert torch.equal(x.argsort(), indices)  # check

m = torch.tensor([[3, 1, 2],
                  [9, 7, 8]])
print("二维，默认最后一维:", m.sort().values.tolist())
# --8<-- [end:sort]

# --8<-- [start:ties]
import torch

x = torch.tensor([3, 1, 3, 2, 3])             # 最大值 3 出现在 0、2、4
print("max(dim=0).indices:", x.max(dim=0).indices.item())
print("argmax():", x.argmax().item())
print("sort(stable=True):", x.sort(descending=True, stable=True).indices)
print("topk(2).indices:", x.topk(2).indices)
assert x.max(dim=0).indices == 0 and x.argmax() == 0  # check
assert x.argmin() == 1  # check
assert torch.equal(x.topk(2).values, torch.tensor([3, 3]))  # check
# --8<-- [end:ties]

# --8<-- [start:ties_grad]
import torch

x = torch.tensor([1.0, 5.0, 5.0], requires_grad=True)
x.max().backward()                            # 不带 dim
print("max() 的梯度:       ", x.grad)
x.grad = None
x.max(dim=0).values.backward()                # 带 dim
print("max(dim=0) 的梯度:  ", x.grad)
x.grad = None
x.amax(dim=0).backward()
print("amax(dim=0) 的梯度: ", x.grad)
# --8<-- [end:ties_grad]

# --8<-- [start:nan]
import torch

x = torch.tensor([1.0, float("nan"), 3.0, 2.0])
print("sum:", x.sum(), " nansum:", x.nansum())
print("mean:", x.mean(), " nanmean:", x.nanmean())
print("max:", x.max(), " argmax:", x.argmax().item())
print("min:", x.min(), " argmin:", x.argmin().item())
print("sort:", x.sort().values)
print("topk(2):", x.topk(2).values)
print("找出 NaN:", torch.isnan(x))
assert x.nansum() == 6 and x.nanmean() == 2  # check
assert x.max().isnan() and x.min().isnan()  # check
# --8<-- [end:nan]

# --8<-- [start:softmax_dim]
import torch

logits = torch.tensor([[2.0, 1.0, 0.1],
                       [0.5, 2.5, 1.0]])      # (N, C) = (2, 3)
p = logits.softmax(dim=1)                     # 每个样本在 C 个类上的概率
print(p)
print("dim=1，每行的和:", p.sum(dim=1))
q = logits.softmax(dim=0)                     # 错：在批次上归一化
print("dim=0，每行的和:", q.sum(dim=1))
print("dim=0，每列的和:", q.sum(dim=0))
e = logits.exp()  # check
assert torch.allclose(p, e / e.sum(dim=1, keepdim=True))  # check
assert torch.allclose(q, e / e.sum(dim=0, keepdim=True))  # check
# --8<-- [end:softmax_dim]

# --8<-- [start:softmax_stable]
import torch

x = torch.tensor([1000.0, 999.0, 0.0])
naive = x.exp() / x.exp().sum()               # exp(1000) 溢出成 inf
print("直接按定义:", naive)
print("softmax:   ", x.softmax(dim=0))
m = x.max()
print("先减最大值:", (x - m).exp() / (x - m).exp().sum())
assert torch.allclose(x.softmax(0), (x - m).exp() / (x - m).exp().sum())  # check
# --8<-- [end:softmax_stable]

# --8<-- [start:log_softmax]
import torch
import torch.nn.functional as F

x = torch.tensor([[-200.0, 0.0, 1.0]])
print("log_softmax:    ", F.log_softmax(x, dim=1))
print("x - logsumexp:  ", x - x.logsumexp(dim=1, keepdim=True))
print("softmax().log():", x.softmax(dim=1).log())   # 小概率下溢成 0
y = torch.randn(4, 5)  # check
assert torch.allclose(y.log_softmax(1), y.softmax(1).log(), atol=1e-6)  # check
# --8<-- [end:log_softmax]

# --8<-- [start:softmax_implicit]
import warnings

import torch
import torch.nn.functional as F

x = torch.tensor([[1.0, 2.0], [3.0, 5.0]])    # 2 维
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    p = F.softmax(x)                          # 没写 dim
print(f"{caught[0].category.__name__}: {caught[0].message}")
print("2 维时选了 dim=1:", torch.equal(p, F.softmax(x, dim=1)))
assert len(caught) == 1  # check
# --8<-- [end:softmax_implicit]

# --8<-- [start:softmax_implicit_3d]
import warnings

import torch
import torch.nn.functional as F

torch.manual_seed(0)
logits = torch.randn(4, 5, 10)                # (N, T, C)：10 个类
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    p = F.softmax(logits)                     # 没写 dim
print("警告数:", len(caught))
print("3 维时选了 dim=0:", torch.allclose(p, F.softmax(logits, dim=0)))
print(f"类别维上的和（本应是 1）: {p[0, 0].sum():.4f}")
print(f"批次维上的和:             {p[:, 0, 0].sum():.4f}")
assert caught[0].category is UserWarning  # check
with warnings.catch_warnings(record=True):  # check
    warnings.simplefilter("always")
    x4, x1 = torch.randn(2, 3, 4, 5), torch.randn(6)
    assert torch.equal(F.softmax(x4), F.softmax(x4, dim=1))
    assert torch.equal(F.softmax(x1), F.softmax(x1, dim=0))
    assert torch.equal(F.log_softmax(logits), F.log_softmax(logits, dim=0))
with warnings.catch_warnings(record=True) as w:  # check
    warnings.simplefilter("always")
    F.log_softmax(logits)
    assert "Implicit dimension choice for log_softmax" in str(w[0].message)
# --8<-- [end:softmax_implicit_3d]

# --8<-- [start:softmax_module]
import warnings

import torch
import torch.nn as nn

x = torch.tensor([[1.0, 2.0], [3.0, 5.0]])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    nn.Softmax()(x)                           # 模块也一样
    nn.Softmax(dim=-1)(x)                     # 写了 dim：没有警告
print("警告数:", len(caught))
print(caught[0].message)
with warnings.catch_warnings(record=True) as w:  # check
    warnings.simplefilter("always")
    m = nn.LogSoftmax()
    assert len(w) == 0
    assert torch.equal(m(x), x.log_softmax(dim=1)) and len(w) == 1
# --8<-- [end:softmax_module]

# --8<-- [start:softmax_method_error]
import torch

x = torch.tensor([[1.0, 2.0], [3.0, 5.0]])
x.softmax()  # raises: TypeError: softmax()
# --8<-- [end:softmax_method_error]

# --8<-- [start:dim_error]
import torch

x = torch.ones(2, 3)                          # 只有第 0、1 维
x.sum(dim=2)  # raises: IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)
# --8<-- [end:dim_error]

# --8<-- [start:empty]
import torch

e = torch.tensor([])
print("sum:", e.sum(), " mean:", e.mean())
# --8<-- [end:empty]

# --8<-- [start:empty_max_error]
import torch

e = torch.tensor([])
try:  # check
    e.min()
    raise AssertionError("min of an empty tensor should fail")
except RuntimeError as error:
    assert "numel() == 0" in str(error)
e.max()  # raises: RuntimeError: max(): Expected reduction dim to be specified for input.numel() == 0
# --8<-- [end:empty_max_error]
