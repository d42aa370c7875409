"""expand、repeat 与 repeat_interleave：哪个复制数据，重复的顺序，维数规则与报错。"""
# --8<-- [start:three_ways]
import torch

x = torch.tensor([1, 2, 3])
print("repeat(2):           ", x.repeat(2))             # 整体重复
print("repeat_interleave(2):", x.repeat_interleave(2))  # 每个元素重复
print("expand(2, 3):")
print(x.expand(2, 3))                                    # 新的一维，不复制
# --8<-- [end:three_ways]

# --8<-- [start:expand_view]
import torch

col = torch.tensor([[1], [2]])                   # (2, 1)
e = col.expand(2, 3)
r = col.repeat(1, 3)
print("expand: 步长", e.stride(), " 共享存储", e.data_ptr() == col.data_ptr())
print("repeat: 步长", r.stride(), " 共享存储", r.data_ptr() == col.data_ptr())
col[0, 0] = 100                                  # 改原张量
print("expand 的结果跟着变:", e[0].tolist(), " repeat 的不变:", r[0].tolist())
assert e.stride() == (1, 0) and r.is_contiguous()  # check
# --8<-- [end:expand_view]

# --8<-- [start:expand_rules]
import torch

col = torch.tensor([[1], [2]])                   # (2, 1)
print(tuple(col.expand(-1, 3).shape))            # -1：这一维不变
print(tuple(col.expand(4, 2, 3).shape))          # 在最前面加新维
col.expand(3, 3)                                 # 大小不为 1 的维不能改  # raises: RuntimeError: The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 0
# --8<-- [end:expand_rules]

# --8<-- [start:repeat_dims]
import torch

m = torch.tensor([[1, 2],
                  [3, 4]])
print(m.repeat(2, 3))                            # 第 0 维 2 次，第 1 维 3 次
print(tuple(m.repeat(2, 1, 1).shape))            # 多给的次数加在最前面
m.repeat(2)                                      # 次数比维数少  # raises: RuntimeError: Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor
# --8<-- [end:repeat_dims]

# --8<-- [start:tile]
import torch

m = torch.tensor([[1, 2],
                  [3, 4]])
print(torch.tile(m, (2,)))                       # 当作 (1, 2)
print("与 repeat(1, 2) 相同:", torch.equal(torch.tile(m, (2,)), m.repeat(1, 2)))
import numpy as np  # check
assert np.array_equal(np.repeat(m.numpy(), 2), m.repeat_interleave(2).numpy())  # check
assert np.array_equal(np.tile(m.numpy(), 2), torch.tile(m, (2,)).numpy())  # check
# --8<-- [end:tile]

# --8<-- [start:repeat_interleave]
import torch

m = torch.tensor([[1, 2],
                  [3, 4]])
print(m.repeat_interleave(2, dim=0))             # 每一行重复 2 次
print(m.repeat_interleave(2))                    # 不给 dim：先压平
counts = torch.tensor([1, 0, 2])
print(torch.tensor([7, 8, 9]).repeat_interleave(counts))   # 各重复不同次数
# --8<-- [end:repeat_interleave]
