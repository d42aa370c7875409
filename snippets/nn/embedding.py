"""nn.Embedding：查表就是按行取 weight；padding_idx；max_norm 原地重归一化；常见报错。"""
# --8<-- [start:lookup]
import torch
import torch.nn as nn

torch.manual_seed(0)
emb = nn.Embedding(num_embeddings=10, embedding_dim=4)
print("weight:", tuple(emb.weight.shape))
idx = torch.tensor([[1, 2, 4], [4, 3, 9]])     # (batch=2, seq=3) 的下标
out = emb(idx)
# 在下标形状后面追加 embedding_dim
print(tuple(idx.shape), "->", tuple(out.shape))
assert out.shape == (2, 3, 4)  # check
# 查表 = 按行索引 weight
print("等于 weight[idx]:", torch.equal(out, emb.weight[idx]))
assert torch.equal(out[1, 0], emb.weight[4])  # check
# --8<-- [end:lookup]

# --8<-- [start:one_hot]
import torch
import torch.nn as nn

torch.manual_seed(0)
emb = nn.Embedding(10, 4)
idx = torch.tensor([[1, 2, 4], [4, 3, 9]])
out = emb(idx)
one_hot = nn.functional.one_hot(idx, num_classes=10).float()    # (2, 3, 10)
# 结果相同；但查表不构造 one-hot，省内存也省计算
print("与 one_hot @ weight 一致:", torch.allclose(out, one_hot @ emb.weight))
# --8<-- [end:one_hot]

# --8<-- [start:padding_idx]
import torch
import torch.nn as nn

torch.manual_seed(0)
emb = nn.Embedding(10, 4, padding_idx=0)
print("第 0 行:", emb.weight[0].detach())          # 初始化为零
assert torch.equal(emb.weight[0], torch.zeros(4))  # check

tokens = torch.tensor([[5, 3, 5, 0], [7, 0, 0, 0]])  # 0 是填充
emb(tokens).sum().backward()
grad = emb.weight.grad
# 查到几次，梯度就是几个输出梯度（这里全是 1）之和；第 0 行（填充）恒为零
print(grad)
assert torch.equal(grad[0], torch.zeros(4))  # check
assert torch.equal(grad[5], 2 * torch.ones(4))  # check
assert torch.equal(grad[3], torch.ones(4))  # check
assert torch.equal(grad[[1, 2, 4, 6, 8, 9]], torch.zeros(6, 4))  # check
# --8<-- [end:padding_idx]

# --8<-- [start:padding_idx_decay]
import torch
import torch.nn as nn

torch.manual_seed(0)
emb = nn.Embedding(10, 4, padding_idx=0)
with torch.no_grad():
    emb.weight[0] = 1.0                  # 例如载入了预训练向量：不再是零
emb(torch.tensor([[5, 3, 5, 0], [7, 0, 0, 0]])).sum().backward()
print("梯度第 0 行:", emb.weight.grad[0])
opt = torch.optim.SGD(emb.parameters(), lr=0.1, weight_decay=0.1)
opt.step()
# 梯度仍是 0，但 weight_decay 照样把这一行往 0 拉：1 - 0.1 × 0.1 × 1
print("第 0 行:", emb.weight[0].detach())
assert torch.allclose(emb.weight[0], torch.full((4,), 0.99))  # check
# --8<-- [end:padding_idx_decay]

# --8<-- [start:from_pretrained]
import torch
import torch.nn as nn

vectors = torch.randn(5, 3)            # 例如预训练的词向量：5 个词，每个 3 维
frozen = nn.Embedding.from_pretrained(vectors)
print("默认 (freeze=True) requires_grad:", frozen.weight.requires_grad)
tuned = nn.Embedding.from_pretrained(vectors, freeze=False)
print("freeze=False       requires_grad:", tuned.weight.requires_grad)
assert not frozen.weight.requires_grad and tuned.weight.requires_grad  # check
# 冻结的 weight 仍是注册过的参数
print("named_parameters:", [n for n, _ in frozen.named_parameters()])
print("state_dict:", list(frozen.state_dict().keys()))
assert torch.equal(frozen(torch.tensor([2])), vectors[2:3])  # check
# --8<-- [end:from_pretrained]

# --8<-- [start:max_norm]
import torch
import torch.nn as nn

torch.manual_seed(0)
emb = nn.Embedding(10, 4, max_norm=1.0)
before = emb.weight.detach().clone()
print("前向前各行范数:", before.norm(dim=1)[:4])
assert (before.norm(dim=1) > 1.0).any()  # check

out = emb(torch.tensor([0, 1, 2]))                   # 只查第 0、1、2 行
after = emb.weight.detach()
# weight 在前向中被原地改写；没查到的第 3 行原样不动
print("前向后各行范数:", after.norm(dim=1)[:4])
print("输出各行范数:  ", out.norm(dim=1))
assert not torch.equal(before[:3], after[:3])  # check
assert (after[:3].norm(dim=1) <= 1.0).all()  # check
assert torch.equal(before[3:], after[3:])  # check
assert torch.allclose(out.norm(dim=1), after[:3].norm(dim=1))  # check
# --8<-- [end:max_norm]

# --8<-- [start:max_norm_eval]
import torch
import torch.nn as nn

torch.manual_seed(0)
emb = nn.Embedding(10, 4, max_norm=1.0)
print(f"第 5 行范数: {emb.weight[5].norm().item():.4f}")
assert emb.weight[5].norm() > 1.0  # check
emb.eval()
with torch.no_grad():                                # 推理时照样改写
    emb(torch.tensor([5]))
print(f"前向后: {emb.weight[5].norm().item():.4f}")
assert emb.weight[5].norm() <= 1.0  # check
# --8<-- [end:max_norm_eval]

# --8<-- [start:out_of_range]
import torch
import torch.nn as nn

emb = nn.Embedding(10, 4)
emb(torch.tensor([3, 10]))  # 合法下标是 0..9  # raises: IndexError: index out of range in self
# --8<-- [end:out_of_range]

# --8<-- [start:negative_index]
import torch
import torch.nn as nn

emb = nn.Embedding(10, 4)
emb(torch.tensor([-1]))  # 负数不会从末尾倒数  # raises: IndexError: index out of range in self
# --8<-- [end:negative_index]

# --8<-- [start:float_index]
import torch
import torch.nn as nn

emb = nn.Embedding(10, 4)
# 下标必须是整数张量
emb(torch.tensor([1.0, 2.0]))  # raises: RuntimeError: 'indices' to have one of the following scalar types: Long, Int
# --8<-- [end:float_index]

# --8<-- [start:index_dtype]
import torch
import torch.nn as nn

emb = nn.Embedding(10, 4)
print(torch.tensor([1, 2]).dtype)      # 整数字面量：int64
print(torch.Tensor([1, 2]).dtype)      # 大写 Tensor 构造：float32，不能当下标
out = emb(torch.tensor([1.0, 2.0]).long())             # 修正：转成 long
print(out.shape)
out32 = emb(torch.tensor([1, 2], dtype=torch.int32))   # int32 也可以
print(out32.shape)
# --8<-- [end:index_dtype]

# --8<-- [start:weight_not_2d]
import torch
import torch.nn.functional as F

table = torch.tensor([0.0, 1.0, 1.0, 2.0])   # 1 维：类别 -> 一个数
idx = torch.tensor([3, 0, 2])
print("直接索引:", table[idx])
col = F.embedding(idx, table.unsqueeze(1))   # 改成 (4, 1) 的表
print("F.embedding:", col.squeeze(1))
def message(call):  # check
    try:
        call()
    except RuntimeError as error:
        return str(error)
weight = torch.randn(10, 3)  # check
assert message(lambda: F.embedding(weight, idx)) == "'weight' must be 2-D"  # check
idx2d = torch.tensor([[1, 2], [3, 4]])  # check
assert "'indices' to have one of" in message(lambda: F.embedding(weight, idx2d))  # check
emb = torch.nn.Embedding(10, 3)  # check
emb.weight.data = torch.empty(0)  # check
assert message(lambda: emb(idx)) == "'weight' must be 2-D"  # check
assert torch.equal(col.squeeze(1), table[idx])  # check
F.embedding(idx, table)  # 表是 1 维的  # raises: RuntimeError: 'weight' must be 2-D
# --8<-- [end:weight_not_2d]
