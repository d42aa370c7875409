"""squeeze 与 unsqueeze：删除 / 插入大小为 1 的维度；不带 dim 的 squeeze 会连批次维一起删。"""
# --8<-- [start:squeeze_all]
import torch

x = torch.zeros(2, 1, 3, 1)
print(x.squeeze().shape)                 # 删掉所有大小为 1 的维度
assert torch.squeeze(x).shape == (2, 3)  # check
# --8<-- [end:squeeze_all]

# --8<-- [start:squeeze_dim]
import torch

x = torch.zeros(2, 1, 3, 1)
print(x.squeeze(1).shape)                # 只删第 1 维
print(x.squeeze(-1).shape)               # 负数维度：最后一维
print(x.squeeze(0).shape)                # 第 0 维大小是 2：什么也不做，不报错
# --8<-- [end:squeeze_dim]

# --8<-- [start:squeeze_tuple]
import torch

x = torch.zeros(2, 1, 3, 1)
print(x.squeeze((1, 3)).shape)           # dim 可以是元组（2.0 起）
print(x.squeeze((0, 1)).shape)           # 元组里大小不为 1 的维度同样被跳过
assert torch.squeeze(x, dim=(1, 3)).shape == (2, 3)  # check
# --8<-- [end:squeeze_tuple]

# --8<-- [start:batch_of_one]
import torch


def predict(batch):                      # batch: (N, 1, 4)，模型输出 (N, 1)
    out = batch.sum(dim=-1)              # 用求和代替模型
    return out.squeeze()                 # 本意：去掉最后那个 1


print(predict(torch.ones(8, 1, 4)).shape)    # 批大小 8：(8,)，符合预期
# 批大小 1：批次维也没了，得到零维张量，不是 (1,)
print(predict(torch.ones(1, 1, 4)).shape)


def predict_fixed(batch):
    return batch.sum(dim=-1).squeeze(-1)     # 指明要删的维度


print(predict_fixed(torch.ones(1, 1, 4)).shape)
assert predict_fixed(torch.ones(8, 1, 4)).shape == (8,)  # check
# --8<-- [end:batch_of_one]

# --8<-- [start:unsqueeze]
import torch

v = torch.tensor([1, 2, 3, 4])
print("v:", tuple(v.shape))
for d in (0, 1, -1, -2):
    print(f"unsqueeze({d}):", tuple(v.unsqueeze(d).shape))
print(type(v.unsqueeze(0)))              # 只返回一个张量，不是元组
# 索引写法：None 处插入新维
print("v[None] 相同:", torch.equal(v[None], v.unsqueeze(0)))
print("v[:, None] 相同:", torch.equal(v[:, None], v.unsqueeze(1)))
# --8<-- [end:unsqueeze]

# --8<-- [start:unsqueeze_range]
import torch

v = torch.tensor([1, 2, 3, 4])
v.unsqueeze(2)  # 一维张量：dim 只能取 [-2, 1]  # raises: IndexError: Dimension out of range
# --8<-- [end:unsqueeze_range]

# --8<-- [start:squeeze_range]
import torch

x = torch.zeros(2, 1, 3, 1)
x.squeeze(4)  # squeeze 的 dim 也要在范围内  # raises: IndexError: Dimension out of range
# --8<-- [end:squeeze_range]

# --8<-- [start:views]
import torch

v = torch.tensor([1, 2, 3, 4])
u = v.unsqueeze(0)
s = u.squeeze(0)
# 都不复制
print("共享存储:", u.data_ptr() == v.data_ptr(), s.data_ptr() == v.data_ptr())
u[0, 0] = 100
print(v)
# --8<-- [end:views]
