"""squeeze 与 unsqueeze：删除 / 插入大小为 1 的维度；不带 dim 的 squeeze 会连批次维一起删。"""
# --8<-- [start:imports]
import torch
# --8<-- [end:imports]

# --8<-- [start:squeeze_all]
x = torch.zeros(2, 1, 3, 1)
print(x.squeeze().shape)                 # 删掉所有大小为 1 的维度
assert x.squeeze().shape == (2, 3)
assert torch.squeeze(x).shape == (2, 3)
# --8<-- [end:squeeze_all]

# --8<-- [start:squeeze_dim]
print(x.squeeze(1).shape)                # 只删第 1 维
print(x.squeeze(-1).shape)               # 负数维度：最后一维
print(x.squeeze(0).shape)                # 第 0 维大小是 2：什么也不做，不报错
assert x.squeeze(1).shape == (2, 3, 1)
assert x.squeeze(-1).shape == (2, 1, 3)
assert x.squeeze(0).shape == x.shape
# --8<-- [end:squeeze_dim]

# --8<-- [start:squeeze_tuple]
print(x.squeeze((1, 3)).shape)           # dim 可以是元组（2.0 起）
print(x.squeeze((0, 1)).shape)           # 元组里大小不为 1 的维度同样被跳过
assert x.squeeze((1, 3)).shape == (2, 3)
assert torch.squeeze(x, dim=(1, 3)).shape == (2, 3)
assert x.squeeze((0, 1)).shape == (2, 3, 1)
# --8<-- [end:squeeze_tuple]

# --8<-- [start:batch_of_one]
def predict(batch):                      # batch: (N, 1, 4)，模型输出 (N, 1)
    logits = batch.sum(dim=-1)           # 用求和代替模型
    return logits.squeeze()              # 本意：去掉最后那个 1

print(predict(torch.ones(8, 1, 4)).shape)    # 批大小 8：(8,)，符合预期
print(predict(torch.ones(1, 1, 4)).shape)    # 批大小 1：批次维也没了
assert predict(torch.ones(8, 1, 4)).shape == (8,)
assert predict(torch.ones(1, 1, 4)).shape == ()  # 零维张量，不是 (1,)

def predict_fixed(batch):
    return batch.sum(dim=-1).squeeze(-1)     # 指明要删的维度

assert predict_fixed(torch.ones(1, 1, 4)).shape == (1,)
print(predict_fixed(torch.ones(1, 1, 4)).shape)
# --8<-- [end:batch_of_one]

# --8<-- [start:unsqueeze]
v = torch.tensor([1, 2, 3, 4])
print("v:", tuple(v.shape))
for d in (0, 1, -1, -2):
    print(f"unsqueeze({d}):", tuple(v.unsqueeze(d).shape))
assert isinstance(v.unsqueeze(0), torch.Tensor)  # 只返回一个张量，不是元组
assert v.unsqueeze(0).shape == (1, 4)
assert v.unsqueeze(1).shape == v.unsqueeze(-1).shape == (4, 1)
assert v.unsqueeze(-2).shape == (1, 4)
assert torch.equal(v[None], v.unsqueeze(0))      # 索引写法：None 处插入新维
assert torch.equal(v[:, None], v.unsqueeze(1))
# --8<-- [end:unsqueeze]

# --8<-- [start:unsqueeze_range]
try:
    v.unsqueeze(2)                       # 一维张量：dim 只能取 [-2, 1]
except IndexError as e:
    assert "Dimension out of range" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
try:
    x.squeeze(4)                         # squeeze 的 dim 也要在范围内
except IndexError as e:
    assert "Dimension out of range" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:unsqueeze_range]

# --8<-- [start:views]
u = v.unsqueeze(0)
s = u.squeeze(0)
assert u.data_ptr() == v.data_ptr() and s.data_ptr() == v.data_ptr()   # 都不复制
u[0, 0] = 100
print(v)
assert v[0].item() == 100
# --8<-- [end:views]
