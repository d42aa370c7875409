"""view 与 reshape：什么时候共享内存，什么时候复制，view 的报错从哪里来。"""
# --8<-- [start:imports]
import torch
# --8<-- [end:imports]

# --8<-- [start:share]
x = torch.arange(6)
v = x.view(2, 3)
assert v.data_ptr() == x.data_ptr()  # 同一块内存，没有复制
v[0, 0] = 100                        # 改 view 的结果……
assert x[0].item() == 100            # ……原张量也变了
print(x)
print(v)
# --8<-- [end:share]

# --8<-- [start:infer]
x = torch.arange(12)
print(x.view(3, -1).shape)    # -1 由其余维度推出：12 / 3 = 4
print(x.reshape(-1, 6).shape)
try:
    x.view(-1, -1)            # 只能有一个 -1
except RuntimeError as e:
    assert "only one dimension can be inferred" in str(e)
    print("RuntimeError:", e)
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:infer]

# --8<-- [start:noncontiguous]
x = torch.arange(6).view(2, 3)
t = x.t()                     # 转置只改步长（stride），不搬数据
assert not t.is_contiguous()
assert x.storage_offset() == t.storage_offset() == 0
print("stride:", x.stride(), "->", t.stride())
try:
    t.view(6)
except RuntimeError as e:
    assert "view size is not compatible" in str(e)
    print("RuntimeError:", e)
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:noncontiguous]

# --8<-- [start:reshape]
r = t.reshape(6)              # 不能直接 view 时，reshape 复制一份
assert r.data_ptr() != t.data_ptr()
print(r)

c = t.contiguous().view(6)    # 等价写法：先复制成连续张量，再 view
assert torch.equal(r, c)

assert t.clone().stride() == t.stride()   # clone() 保留原来的步长……
assert not t.clone().is_contiguous()      # ……所以结果仍不连续
try:
    t.clone().view(6)         # 换成 clone() 不行
except RuntimeError as e:
    assert "view size is not compatible" in str(e)
    print("t.clone().view(6) 仍报错：RuntimeError")
else:
    raise AssertionError("应当报错，却没有报错")

y = torch.arange(6)
r2 = y.reshape(2, 3)          # 能 view 时，reshape 返回的就是 view
assert r2.data_ptr() == y.data_ptr()
# --8<-- [end:reshape]

# --8<-- [start:clone]
y = torch.arange(6)
safe = y.reshape(2, 3).clone()   # 需要独立副本时，明确 clone
safe[0, 0] = -1
assert y[0].item() == 0
print(y)
# --8<-- [end:clone]
