"""索引：基本索引返回视图，高级索引返回副本；布尔掩码、index_select、masked_select、masked_fill、where、nonzero、通过索引赋值。"""
# --8<-- [start:basic_views]
import torch

x = torch.arange(12).view(3, 4)
views = {"x[1]": x[1], "x[:, 1:3]": x[:, 1:3], "x[::2]": x[::2],
         "x[..., -1]": x[..., -1], "x[None]": x[None]}
for name, v in views.items():
    same = v.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
    print(f"{name:11} 形状 {str(tuple(v.shape)):9} 共享存储: {same}")
    assert same  # check
v = x[:, 1:3]
v[0, 0] = 100                       # 改视图……
print(x[0])                         # ……原张量也变了
assert x[0, 1].item() == 100  # check
assert x[1].storage_offset() == 4 and x[1].data_ptr() != x.data_ptr()  # check
assert torch.equal(x[None], x.unsqueeze(0))  # check
# --8<-- [end:basic_views]

# --8<-- [start:select]
import torch

x = torch.arange(12).reshape(3, 4)
col = x.select(1, 2)                             # 第 1 维取下标 2，这一维去掉
print(col, tuple(col.shape))
print("与 x[:, 2] 相同:", torch.equal(col, x[:, 2]))
col[0] = 100                                     # 视图：改它就改了 x
print("x[0] =", x[0])
x.select(1, 4)                                   # raises: IndexError: select(): index 4 out of range for tensor of size [3, 4] at dimension 1
# --8<-- [end:select]

# --8<-- [start:negative_step]
import torch

x = torch.arange(5)
print("x.flip(0):", x.flip(0))          # 倒序用 flip：得到副本
print("x.flip(0)[::2]:", x.flip(0)[::2])  # 相当于 NumPy 的 a[::-2]
f = x.flip(0)  # check
assert f.untyped_storage().data_ptr() != x.untyped_storage().data_ptr()  # check
m = torch.arange(6).view(2, 3)  # check
assert m.flip(1).tolist() == [[2, 1, 0], [5, 4, 3]]  # check
try:  # check
    m[:, ::-1]
except ValueError as error:
    assert str(error) == "step must be greater than zero"
else:
    raise AssertionError("a negative step worked")
x[::-1]  # raises: ValueError: step must be greater than zero
# --8<-- [end:negative_step]

# --8<-- [start:advanced_copies]
import torch

x = torch.arange(12).view(3, 4)
copies = {"x[[0, 2]]": x[[0, 2]], "x[:, [0, 2]]": x[:, [0, 2]],
          "x[x > 5]": x[x > 5]}
for name, c in copies.items():
    same = c.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
    print(f"{name:12} 形状 {str(tuple(c.shape)):7} 共享存储: {same}")
    assert not same  # check
c = x[[0, 2]]
c[0, 0] = 100                       # 改副本……
print(x[0])                         # ……原张量不变
assert x[0, 0].item() == 0  # check
assert torch.equal(x[[0, 2]], x[0:3:2])  # check
assert x[0:3:2].untyped_storage().data_ptr() == x.untyped_storage().data_ptr()  # check
assert torch.equal(x[torch.tensor([0, 2], dtype=torch.int32)], x[[0, 2]])  # check
# --8<-- [end:advanced_copies]

# --8<-- [start:list_vs_tuple]
import torch

x = torch.arange(12).view(3, 4)
print("x[[0, 1]]: ", x[[0, 1]])     # 一个列表：取第 0、1 行
print("x[0, 1]:   ", x[0, 1])       # 两个整数：第 0 行第 1 列的元素
print("x[(0, 1)]: ", x[(0, 1)])     # 元组就是 x[0, 1]
assert torch.equal(x[[0, 1]], x[0:2])  # check
# --8<-- [end:list_vs_tuple]

# --8<-- [start:pairwise]
import torch

x = torch.arange(12).view(3, 4)
rows = torch.tensor([0, 1, 2])
cols = torch.tensor([3, 0, 1])
print("x[rows, cols]:", x[rows, cols])          # 逐对取：(0,3) (1,0) (2,1)
grid = x[rows[:, None], cols]                   # 所有组合：3x3
print("x[rows[:, None], cols]:")
print(grid)
assert all(x[rows, cols][k] == x[rows[k], cols[k]] for k in range(3))  # check
assert all(grid[a, b] == x[rows[a], cols[b]] for a in range(3) for b in range(3))  # check
assert torch.equal(grid, x[rows][:, cols])  # check
# --8<-- [end:pairwise]

# --8<-- [start:pairwise_mismatch]
import torch

x = torch.arange(12).view(3, 4)
rows = torch.tensor([0, 1, 2])
cols = torch.tensor([3, 0])                     # 长度与 rows 不同
x[rows, cols]  # raises: IndexError: shape mismatch: indexing tensors could not be broadcast together with shapes [3], [2]
# --8<-- [end:pairwise_mismatch]

# --8<-- [start:separated_advanced]
import torch

t = torch.arange(60).view(3, 4, 5)
idx = torch.tensor([0, 1])
print("t[:, idx, idx]:", tuple(t[:, idx, idx].shape))   # 相邻：留在原处
print("t[idx, :, idx]:", tuple(t[idx, :, idx].shape))   # 被 : 隔开：移到最前
assert torch.equal(t[idx, :, idx], torch.stack([t[0, :, 0], t[1, :, 1]]))  # check
# --8<-- [end:separated_advanced]

# --8<-- [start:bool_mask]
import torch

x = torch.arange(12).view(3, 4)
mask = x % 5 == 0                   # 与 x 形状相同
print("x[mask]:", x[mask])          # 一维，按行优先顺序
keep = torch.tensor([True, False, True])
print("x[keep] 形状:", tuple(x[keep].shape))      # 第 0 维上的掩码：选行
print("x[:, x[0] > 1]:")
print(x[:, x[0] > 1])               # 第 1 维上的掩码：选列
assert torch.equal(x[keep], x[[0, 2]])  # check
assert x[mask].tolist() == [0, 5, 10]  # check
# --8<-- [end:bool_mask]

# --8<-- [start:mask_shape]
import torch

x = torch.arange(12).view(3, 4)
mask = torch.tensor([True, False, True, False])   # 长度 4：是列的掩码
assert x[:, mask].shape == (3, 2)  # check
x[mask]  # raises: IndexError: The shape of the mask [4] at index 0 does not match
# --8<-- [end:mask_shape]

# --8<-- [start:index_select]
import torch

x = torch.arange(12).view(3, 4)
idx = torch.tensor([3, 0, 0])       # 可以重复、可以乱序
cols = torch.index_select(x, 1, idx)
print(cols)
print("等于 x[:, idx]:", torch.equal(cols, x[:, idx]))
same = cols.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
print("共享存储:", same)
assert torch.equal(x.index_select(0, idx[1:] + 2), x[[2, 2]])  # check
assert torch.equal(x.index_select(1, idx.int()), cols)  # check
try:  # check
    x.index_select(1, idx[None])
except IndexError as error:
    assert "Index is supposed to be a vector" in str(error)
else:
    raise AssertionError("a 2-D index was accepted")
# --8<-- [end:index_select]

# --8<-- [start:index_select_list]
import torch

x = torch.arange(12).view(3, 4)
x.index_select(1, [3, 0])  # raises: TypeError: index_select()
# --8<-- [end:index_select_list]

# --8<-- [start:masked_select]
import torch

x = torch.arange(12).view(3, 4)
print("masked_select:", torch.masked_select(x, x > 8))
col_mask = torch.tensor([True, False, False, True])   # 形状 (4,)，广播到 (3, 4)
print("广播的掩码:  ", x.masked_select(col_mask))
assert torch.equal(torch.masked_select(x, x > 8), x[x > 8])  # check
assert torch.equal(x.masked_select(col_mask), x[:, col_mask].reshape(-1))  # check
# --8<-- [end:masked_select]

# --8<-- [start:masked_fill]
import torch

torch.manual_seed(0)
T = 4
scores = torch.randn(T, T)                      # 注意力分数：第 i 行是位置 i
future = torch.ones(T, T, dtype=torch.bool).triu(1)   # j > i：未来的位置
weights = scores.masked_fill(future, float("-inf")).softmax(dim=-1)
torch.set_printoptions(precision=4)
print(weights)
print("每行之和:", weights.sum(dim=-1))
assert torch.equal(weights[future], torch.zeros(int(future.sum())))  # check
assert not scores.isinf().any()  # check
s2 = scores.clone()  # check
assert s2.masked_fill_(future, 0.0) is s2 and s2[0, 1] == 0  # check
assert torch.allclose(weights.sum(dim=-1), torch.ones(T))  # check
i = 2  # check
p = scores[i, : i + 1].exp() / scores[i, : i + 1].exp().sum()  # check
assert torch.allclose(weights[i, : i + 1], p)  # check
# --8<-- [end:masked_fill]

# --8<-- [start:masked_fill_padding]
import torch

torch.manual_seed(0)
scores = torch.randn(2, 3, 3)                   # (N, T, T)
attention_mask = torch.tensor([[1, 1, 0],       # 第 0 个序列：最后一个是填充
                               [1, 1, 1]])
pad = attention_mask == 0                       # 转成布尔：True 是填充
masked = scores.masked_fill(pad[:, None, :], float("-inf"))  # (N, 1, T) 广播
weights = masked.softmax(dim=-1)
torch.set_printoptions(precision=4)
print("第 0 个序列的注意力权重:")
print(weights[0])
assert torch.equal(weights[0, :, 2], torch.zeros(3))  # check
assert torch.equal(scores.masked_fill(pad[:, None, :], 0)[1], scores[1])  # check
# --8<-- [end:masked_fill_padding]

# --8<-- [start:masked_fill_int_mask]
import torch

scores = torch.zeros(2, 3)
attention_mask = torch.tensor([[1, 1, 0], [1, 1, 1]])   # int64，不是布尔
try:  # check
    scores.masked_fill(attention_mask.float(), 0.0)
except RuntimeError as error:
    assert str(error).endswith("but got mask with dtype float")
else:
    raise AssertionError("a float mask was accepted")
try:  # check
    scores.masked_fill(attention_mask == 0, torch.tensor([1.0, 2.0]))
except RuntimeError as error:
    assert "only supports a 0-dimensional value tensor" in str(error)
else:
    raise AssertionError("a 1-D value was accepted")
zero = torch.tensor(0.5)  # check
assert scores.masked_fill(attention_mask == 0, zero)[0, 2] == 0.5  # check
scores.masked_fill(attention_mask, float("-inf"))  # raises: RuntimeError: masked_fill_ only supports boolean masks, but got mask with dtype long int
# --8<-- [end:masked_fill_int_mask]

# --8<-- [start:invert_mask]
import torch

scores = torch.tensor([0.5, -1.0, 2.0])
keep = scores > 0                       # 布尔掩码：True 是要留下的
print("~keep:          ", ~keep)
print("logical_not():  ", keep.logical_not())
print("masked_fill:    ", scores.masked_fill(~keep, float("-inf")))
old = keep.to(torch.uint8)              # 旧代码里的 uint8 掩码
print("1 - uint8 掩码: ", 1 - old)
assert torch.equal(1 - old, (~keep).to(torch.uint8))  # check
assert torch.equal(keep.bitwise_not(), ~keep)  # check
try:  # check
    -keep
except RuntimeError as error:
    assert str(error).startswith("Negation, the `-` operator, on a bool")
else:
    raise AssertionError("negating a bool tensor worked")
1 - keep  # raises: RuntimeError: Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.
# --8<-- [end:invert_mask]

# --8<-- [start:masked_fill_all_masked]
import torch

scores = torch.tensor([[0.5, 1.0, -1.0],
                       [2.0, 0.0, 1.0]])
mask = torch.tensor([[True, True, True],        # 第 0 行全被遮住
                     [False, True, True]])
inf = scores.masked_fill(mask, float("-inf")).softmax(dim=-1)
print("填 -inf:", inf)
low = torch.finfo(scores.dtype).min              # float32 的最小值
safe = scores.masked_fill(mask, low).softmax(dim=-1)
print("填最小值:", safe)
assert inf[0].isnan().all() and torch.equal(inf[1], safe[1])  # check
# --8<-- [end:masked_fill_all_masked]

# --8<-- [start:where_three]
import torch

x = torch.tensor([[-1.0, 2.0], [3.0, -4.0]])
print(torch.where(x > 0, x, 0.0))               # 负数换成 0
print(torch.where(x > 0, x, torch.tensor([10.0, 20.0])))   # (2,) 广播
cond = torch.tensor([True, False])
a = torch.tensor([1, 2])                        # int64
b = torch.tensor([1.5, 2.5])                    # float32
r = torch.where(cond, a, b)
print("int64 与 float32:", r, r.dtype)
assert torch.equal(torch.where(x > 0, x, 0.0), x.clamp(min=0))  # check
assert torch.where(cond, a, b).dtype == torch.float32  # check
# --8<-- [end:where_three]

# --8<-- [start:where_nan_grad]
import torch

x = torch.tensor([-1.0, 4.0], requires_grad=True)
y = torch.where(x > 0, x.sqrt(), 0.0)           # 两个分支都会算
y.sum().backward()
print("y:", y.detach())
print("梯度:", x.grad)
assert x.grad[0].isnan() and x.grad[1].item() == 0.25  # check
# --8<-- [end:where_nan_grad]

# --8<-- [start:where_nan_grad_fix]
import torch

x = torch.tensor([-1.0, 4.0], requires_grad=True)
safe = torch.where(x > 0, x, 1.0)               # 先把无效的输入换掉
y = torch.where(x > 0, safe.sqrt(), 0.0)
y.sum().backward()
print("y:", y.detach())
print("梯度:", x.grad)
assert x.grad.tolist() == [0.0, 0.25]  # check
# --8<-- [end:where_nan_grad_fix]

# --8<-- [start:where_one]
import torch

x = torch.tensor([[0, 3, 0],
                  [5, 0, 7]])
rows, cols = torch.where(x > 0)                 # 一个参数：返回下标
print("rows:", rows, "cols:", cols)
print("nonzero():")
print(torch.nonzero(x))                         # 每行一个 (行, 列)
print("x[rows, cols]:", x[rows, cols])
assert all(torch.equal(a, b) for a, b in zip(torch.where(x > 0), torch.nonzero(x, as_tuple=True)))  # check
assert torch.equal(x[torch.where(x > 0)], x[x > 0])  # check
assert torch.equal(torch.nonzero(x), torch.stack([rows, cols], dim=1))  # check
# --8<-- [end:where_one]

# --8<-- [start:setitem]
import torch

x = torch.zeros(3, 4, dtype=torch.long)
x[0, 1] = 5                                     # 一个元素
x[1] = torch.arange(4)                          # 一行
x[:, 3] = -1                                    # 一列：标量广播
x[x == 0] = 9                                   # 布尔掩码
x[[0, 2], [0, 0]] = 7                           # 整数张量：逐对
print(x)
assert x.tolist() == [[7, 5, 9, -1], [9, 1, 2, -1], [7, 9, 9, -1]]  # check
# --8<-- [end:setitem]

# --8<-- [start:setitem_size_mismatch]
import torch

x = torch.zeros(2, 5)
x[0, 1:] = torch.tensor([1.0, 2.0, 3.0, 4.0])   # 4 个位置，4 个值
print(x)
x[0, :3] = torch.tensor([1.0, 2.0, 3.0, 4.0])  # 3 个位置，4 个值  # raises: RuntimeError: The expanded size of the tensor (3) must match the existing size (4)
# --8<-- [end:setitem_size_mismatch]

# --8<-- [start:setitem_dtype]
import torch

x = torch.zeros(4)                                      # float32
values = torch.tensor([1.0, 2.0], dtype=torch.float64)  # 如来自 NumPy
x[1:3] = values               # 切片：写入时转成 x 的类型
print(x)
x[[0, 3]] = values.to(x.dtype)  # 高级索引：先转成 x 的类型
print(x)
assert x.dtype == torch.float32 and x.tolist() == [1, 1, 2, 2]  # check
y = x.clone()  # check
y[[0, 3]] = 5.0  # check
assert y.tolist() == [5, 1, 2, 5]  # check
try:  # check
    x[x > 1.5] = torch.tensor([7, 8])
except RuntimeError as error:
    assert "got Float for the destination and Long for the source" in str(error)
else:
    raise AssertionError("a Long value was put into a Float tensor")
x[[0, 3]] = values  # raises: RuntimeError: Index put requires the source and destination dtypes match, got Float for the destination and Double for the source.
# --8<-- [end:setitem_dtype]

# --8<-- [start:chained_setitem]
import torch

x = torch.zeros(3, 4, dtype=torch.long)
x[[0, 2]][:, 0] = 1     # x[[0, 2]] 是副本：写进了副本
x[0][1] = 2             # x[0] 是视图：写进了 x
x[[0, 2], 3] = 3        # 一次索引完：__setitem__ 直接写 x
print(x)
assert x.tolist() == [[0, 2, 0, 3], [0, 0, 0, 0], [0, 0, 0, 3]]  # check
# --8<-- [end:chained_setitem]

# --8<-- [start:duplicate_indices]
import torch

idx = torch.tensor([0, 0, 2])                   # 下标 0 出现两次
y = torch.zeros(3)
y[idx] += 1                                     # 不会加两次
print("y[idx] += 1:            ", y)
z = torch.zeros(3)
z.index_put_((idx,), torch.tensor(1.0), accumulate=True)
print("index_put_(accumulate): ", z)
w = torch.zeros(3).index_add_(0, idx, torch.ones(3))
print("index_add_:             ", w)
assert y.tolist() == [1.0, 0.0, 1.0] and torch.equal(z, w)  # check
assert torch.equal(z, torch.bincount(idx, minlength=3).float())  # check
# --8<-- [end:duplicate_indices]

# --8<-- [start:out_of_bounds]
import torch

x = torch.arange(12).view(3, 4)
assert torch.equal(x[-1], x[2])  # check
x[torch.tensor([0, 3])]  # 下标从 0 数，第 0 维只有 0、1、2  # raises: IndexError: index 3 is out of bounds for dimension 0 with size 3
# --8<-- [end:out_of_bounds]

# --8<-- [start:float_index]
import torch

x = torch.arange(12)
idx = torch.tensor([4, 8]) / 2      # 除法得到 float32
print("idx:", idx)
assert torch.equal(x[torch.tensor([4, 8]) // 2], x[idx.long()])  # check
x[idx]  # raises: IndexError: tensors used as indices must be long, int, byte or bool tensors
# --8<-- [end:float_index]

# --8<-- [start:too_many_indices]
import torch

scores = torch.tensor([0.1, 0.7, 0.2])          # 一维，没有第 1 维
scores[:, 1]  # raises: IndexError: too many indices for tensor of dimension 1
# --8<-- [end:too_many_indices]
