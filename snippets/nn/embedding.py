"""nn.Embedding：查表就是按行取 weight；padding_idx；max_norm 原地重归一化；常见报错。"""
# --8<-- [start:imports]
import torch
import torch.nn as nn
# --8<-- [end:imports]

# --8<-- [start:lookup]
torch.manual_seed(0)
emb = nn.Embedding(num_embeddings=10, embedding_dim=4)
print("weight:", tuple(emb.weight.shape))
idx = torch.tensor([[1, 2, 4], [4, 3, 9]])     # (batch=2, seq=3) 的下标
out = emb(idx)
print(tuple(idx.shape), "->", tuple(out.shape))
assert out.shape == (2, 3, 4)                  # 在下标形状后面追加 embedding_dim
assert torch.equal(out, emb.weight[idx])       # 查表 = 按行索引 weight
assert torch.equal(out[1, 0], emb.weight[4])
# --8<-- [end:lookup]

# --8<-- [start:one_hot]
one_hot = nn.functional.one_hot(idx, num_classes=10).float()    # (2, 3, 10)
# 等价于 one-hot 乘权重矩阵
assert torch.allclose(out, one_hot @ emb.weight)
print("与 one_hot @ weight 一致；但查表不构造 one-hot，省内存也省计算")
# --8<-- [end:one_hot]

# --8<-- [start:padding_idx]
torch.manual_seed(0)
emb = nn.Embedding(10, 4, padding_idx=0)
print("第 0 行:", emb.weight[0].detach())
assert torch.equal(emb.weight[0], torch.zeros(4))   # 初始化为零

tokens = torch.tensor([[5, 3, 5, 0], [7, 0, 0, 0]])  # 0 是填充
emb(tokens).sum().backward()
grad = emb.weight.grad
print("梯度第 0 行:", grad[0])
print("梯度第 5 行:", grad[5])
assert torch.equal(grad[0], torch.zeros(4))          # 填充行不接收梯度
# 其他被查到的行照常有梯度：出现几次，就是几个输出梯度（这里全是 1）之和
assert torch.equal(grad[5], 2 * torch.ones(4)) and torch.equal(grad[3], torch.ones(4))
# 没查到的行梯度为零
assert torch.equal(grad[[1, 2, 4, 6, 8, 9]], torch.zeros(6, 4))

with torch.no_grad():
    emb.weight[0] = 1.0                  # 例如载入了预训练向量：不再是零
opt = torch.optim.SGD(emb.parameters(), lr=0.1, weight_decay=0.1)
opt.step()
# 梯度仍是 0，但 weight_decay 照样把这一行往 0 拉：1 - 0.1 × 0.1 × 1
assert torch.allclose(emb.weight[0], torch.full((4,), 0.99))
# --8<-- [end:padding_idx]

# --8<-- [start:max_norm]
torch.manual_seed(0)
emb = nn.Embedding(10, 4, max_norm=1.0)
before = emb.weight.detach().clone()
print("前向前各行范数:", before.norm(dim=1)[:4])
assert (before.norm(dim=1) > 1.0).any()

out = emb(torch.tensor([0, 1, 2]))                   # 只查第 0、1、2 行
after = emb.weight.detach()
print("前向后各行范数:", after.norm(dim=1)[:4])
assert not torch.equal(before[:3], after[:3])         # weight 在前向中被原地改写
# 查到的行范数不超过 max_norm
assert (after[:3].norm(dim=1) <= 1.0).all()
assert torch.equal(before[3:], after[3:])             # 没查到的行原样不动
assert torch.allclose(out.norm(dim=1), after[:3].norm(dim=1))

emb.eval()
with torch.no_grad():                                # 推理时照样改写
    emb(torch.tensor([5]))
assert before[5].norm() > 1.0 and emb.weight[5].norm() <= 1.0
# --8<-- [end:max_norm]

# --8<-- [start:errors]
emb = nn.Embedding(10, 4)
try:
    emb(torch.tensor([3, 10]))             # 合法下标是 0..9
except IndexError as e:
    assert "index out of range in self" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

try:
    emb(torch.tensor([1.0, 2.0]))          # 下标必须是整数张量
except RuntimeError as e:
    assert "'indices' to have one of the following scalar types: Long, Int" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

try:
    emb(torch.tensor([-1]))                # 负数不会从末尾倒数
except IndexError as e:
    assert "index out of range in self" in str(e)
else:
    raise AssertionError("应当报错，却没有报错")

assert torch.tensor([1, 2]).dtype == torch.int64       # 整数字面量：int64
# 大写 Tensor 构造：float32，不能当下标
assert torch.Tensor([1, 2]).dtype == torch.float32
out = emb(torch.tensor([1.0, 2.0]).long())             # 修正：转成 long
assert out.shape == (2, 4)
# int32 也可以
assert emb(torch.tensor([1, 2], dtype=torch.int32)).shape == (2, 4)
# --8<-- [end:errors]
