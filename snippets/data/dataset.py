"""map 式数据集：__getitem__ + __len__，从 JSON 行文件到 token id，按步数训练，每步 iter() 的 bug。"""
# --8<-- [start:imports]
import itertools
import json
import multiprocessing
import os
import re
import tempfile

import torch
from torch.utils.data import ConcatDataset, DataLoader, Dataset
# --8<-- [end:imports]

# --8<-- [start:protocol]
class Squares(Dataset):
    """最小的 map 式数据集：按下标取样本，告诉别人一共有几个。"""

    def __init__(self, n):
        self.values = [i * i for i in range(n)]

    def __len__(self):
        return len(self.values)

    def __getitem__(self, idx):
        return torch.tensor(self.values[idx])


ds = Squares(5)
assert len(ds) == 5
assert ds[3].item() == 9
print("len:", len(ds), " ds[3]:", ds[3])
print([b.tolist() for b in DataLoader(ds, batch_size=2)])
# --8<-- [end:protocol]

# --8<-- [start:protocol_pitfalls]
class NoLen(Dataset):
    def __getitem__(self, idx):
        # 对任何下标都返回值，从不抛 IndexError
        return idx * idx


try:
    list(DataLoader(NoLen(), batch_size=2))    # 默认采样器要 len(dataset)
except TypeError as e:
    assert "has no len()" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")

# Dataset 没有 __iter__：for 循环退回到“从 0 开始调 __getitem__，直到
# IndexError”的旧协议。
# __getitem__ 不抛 IndexError，循环就不会在 len() 处停下：
assert not hasattr(Dataset, "__iter__")
first7 = list(itertools.islice(NoLen(), 7))
assert first7 == [0, 1, 4, 9, 16, 25, 36]
print("islice(NoLen(), 7):", first7)


class WithLen(NoLen):
    def __len__(self):
        return 3


# 有 __len__ 也一样：for 循环不看 len()
assert len(WithLen()) == 3
assert len(list(itertools.islice(WithLen(), 7))) == 7
print("len(WithLen()):", len(WithLen()), " islice(WithLen(), 7):",
      list(itertools.islice(WithLen(), 7)))


class Point:                                       # 自定义类：默认整理函数不认识
    pass


try:
    next(iter(DataLoader([Point(), Point()], batch_size=2)))
except TypeError as e:
    assert "default_collate: batch must contain tensors" in str(e)
    print(f"{type(e).__name__}: {e}")
else:
    raise AssertionError("应当报错，却没有报错")
# --8<-- [end:protocol_pitfalls]

# --8<-- [start:jsonl_file]
records = [
    {"id": "q0", "sent1": "She opens the fridge.", "sent2": "She",
     "ending0": "takes out the milk.", "ending1": "flies to the moon.",
     "ending2": "eats the door.", "ending3": "sings to a chair.", "label": 0},
    {"id": "q1", "sent1": "A man ties his shoes.", "sent2": "",
     "ending0": "He melts.", "ending1": "He swims in the shoe.",
     "ending2": "He walks out of the house.", "ending3": "He eats a lace.", "label": 2},
    {"id": "q2", "sent1": "The kettle whistles.", "sent2": "Someone",
     "ending0": "plants it.", "ending1": "paints it blue.",
     "ending2": "reads it aloud.", "ending3": "pours the hot water.", "label": 3},
    {"id": "q3", "sent1": "It starts to rain.", "sent2": "",
     "ending0": "The sun explodes.", "ending1": "People open their umbrellas.",
     "ending2": "The rain is dry.", "ending3": "A fish sneezes.", "label": 1},
    {"id": "q4", "sent1": "The baby is tired.", "sent2": "Her father",
     "ending0": "puts her to bed.", "ending1": "sells the bed.",
     "ending2": "paints the baby.", "ending3": "bakes a bed.", "label": 0},
]
tmp = tempfile.TemporaryDirectory()                  # 本页结束时删除
path = os.path.join(tmp.name, "train.jsonl")
with open(path, "w", encoding="utf-8") as f:
    for r in records:
        f.write(json.dumps(r) + "\n")                # 一行一个样本（JSON Lines）

with open(path, encoding="utf-8") as f:
    first = f.readline()
print(first.strip())
# --8<-- [end:jsonl_file]

# --8<-- [start:tokenizer]
class TinyTokenizer:
    """按词切分的玩具分词器：词表由训练文本建立，0 号留给填充，1 号留给未知词。"""

    PAD, UNK = 0, 1

    def __init__(self, texts):
        words = sorted({w for t in texts for w in self.split(t)})
        self.vocab = {"<pad>": self.PAD, "<unk>": self.UNK}
        self.vocab.update({w: i + 2 for i, w in enumerate(words)})

    @staticmethod
    def split(text):
        return re.findall(r"\w+|[^\w\s]", text.lower())

    def encode(self, text):
        return [self.vocab.get(w, self.UNK) for w in self.split(text)]


fields = ("sent1", "sent2", "ending0", "ending1", "ending2", "ending3")
texts = [r[k] for r in records for k in fields]
tok = TinyTokenizer(texts)
ids = tok.encode("She opens the fridge.")
assert tok.encode("She opens the zebra.")[3] == TinyTokenizer.UNK
print("vocab size:", len(tok.vocab))
print(ids)
# --8<-- [end:tokenizer]

# --8<-- [start:jsonl_dataset]
class MultipleChoiceDataset(Dataset):
    """每行：上下文 sent1 + sent2（常为空），四个候选结尾 ending0..ending3，label 是正确结尾的编号。

    返回 (input_ids, label)：input_ids 形状 (4, max_len)，第 k 行是“上下文 + 第 k 个结尾”。
    """

    def __init__(self, path, tokenizer, max_len=16):
        with open(path, encoding="utf-8") as f:
            self.rows = [json.loads(line) for line in f if line.strip()]
        self.tok = tokenizer
        self.max_len = max_len

    def __len__(self):
        return len(self.rows)

    def encode_fixed(self, text):
        # 截断……
        ids = self.tok.encode(text)[: self.max_len]
        # ……再填充到同一长度
        return ids + [TinyTokenizer.PAD] * (self.max_len - len(ids))

    def __getitem__(self, idx):
        row = self.rows[idx]
        # sent2 为空时不留多余空格
        context = " ".join(s for s in (row["sent1"], row["sent2"]) if s)
        choices = [self.encode_fixed(f"{context} {row[f'ending{k}']}") for k in range(4)]
        return torch.tensor(choices), torch.tensor(row["label"])


mc = MultipleChoiceDataset(path, tok)
x, y = mc[1]
assert len(mc) == 5 and x.shape == (4, 16) and x.dtype == torch.int64 and y.item() == 2
print(x.shape, y)
print(x[2])                                         # 第 2 个结尾是正确答案
# --8<-- [end:jsonl_dataset]

# --8<-- [start:loader]
g = torch.Generator().manual_seed(0)
loader = DataLoader(mc, batch_size=2, shuffle=True, generator=g)
for input_ids, labels in loader:
    print(tuple(input_ids.shape), labels)
# 5 个样本，每批 2 个：2 + 2 + 1
assert len(loader) == 3
# --8<-- [end:loader]

# --8<-- [start:fixed_steps]
def batches_forever(loader):
    """按步数训练：一轮（epoch）读完就开始下一轮，每轮重新打乱。"""
    epoch = 0
    while True:
        for batch in loader:
            yield epoch, batch
        epoch += 1


def sample_key(input_ids):
    """用样本本身（全部 token id）认出它是哪一个样本。"""
    return tuple(input_ids.flatten().tolist())


all_samples = sorted(sample_key(mc[i][0]) for i in range(len(mc)))
assert len(set(all_samples)) == len(mc)             # 5 个样本互不相同
seen = {}
for step, (epoch, (input_ids, labels)) in enumerate(batches_forever(loader)):
    if step == 7:                                   # 一共 7 步，跨过了 3 轮
        break
    seen.setdefault(epoch, []).extend(sample_key(x) for x in input_ids)
    print(f"step {step}  epoch {epoch}  labels {labels.tolist()}")
# 第 0、1 轮：每个样本恰好一次
assert sorted(seen[0]) == all_samples
assert sorted(seen[1]) == all_samples
# --8<-- [end:fixed_steps]

# --8<-- [start:itertools_cycle]
plain = DataLoader(range(6), batch_size=2, shuffle=True, generator=torch.Generator().manual_seed(0))
cycled = [b.tolist() for b in itertools.islice(itertools.cycle(plain), 6)]
print("itertools.cycle :", cycled)
assert cycled[:3] == cycled[3:]                     # 第二轮是第一轮的重放：不再打乱

fresh = [b.tolist() for _, b in itertools.islice(batches_forever(plain), 6)]
print("batches_forever:", fresh)
assert fresh[:3] != fresh[3:]                       # 每轮新的顺序
# --8<-- [end:itertools_cycle]

# --8<-- [start:repeating_loader]
class RepeatingLoader:
    """与 DeepSpeed 的 deepspeed.utils.RepeatingLoader 逻辑相同的最小实现。"""

    def __init__(self, loader):
        self.loader = loader
        self.data_iter = iter(loader)

    def __iter__(self):
        return self                                 # iter() 返回自身：不会重新开始

    def __next__(self):
        try:
            return next(self.data_iter)
        except StopIteration:                       # 一轮结束：重建迭代器，接着取
            self.data_iter = iter(self.loader)
            return next(self.data_iter)


rl = RepeatingLoader(DataLoader(range(6), batch_size=2))
assert iter(rl) is rl
# 有的笔记的写法：每步 iter() 再 next()
got = [next(iter(rl)).tolist() for _ in range(4)]
print(got)
assert got == [[0, 1], [2, 3], [4, 5], [0, 1]]
# --8<-- [end:repeating_loader]

# --8<-- [start:iter_every_step]
loader = DataLoader(range(6), batch_size=2, shuffle=False)
# 普通 DataLoader：每步都是新一轮的第一批
got = [next(iter(loader)).tolist() for _ in range(3)]
print("shuffle=False:", got)
assert got == [[0, 1], [0, 1], [0, 1]]

loader = DataLoader(range(10), batch_size=2, shuffle=True,
                    generator=torch.Generator().manual_seed(0))
got = [next(iter(loader)).tolist() for _ in range(len(loader))]   # “一轮”的步数
seen = sorted(sum(got, []))
print("shuffle=True :", got)
print("seen:", seen)
# 不等于一轮：有的样本重复，有的没见到
assert seen != list(range(10))

starts = multiprocessing.get_context("fork").Value("i", 0)


def count_start(worker_id):
    with starts.get_lock():
        starts.value += 1


loader = DataLoader(range(6), batch_size=2, num_workers=2, worker_init_fn=count_start,
                    multiprocessing_context="fork")
for _ in range(3):
    next(iter(loader))
print("worker starts, iter() every step:", starts.value)
assert starts.value == 6                           # 每步都重新启动 2 个工作进程
starts.value = 0
for batch in loader:                               # 正确写法：一轮只建一次迭代器
    pass
print("worker starts, one epoch        :", starts.value)
assert starts.value == 2

starts.value = 0
kept = DataLoader(range(6), batch_size=2, num_workers=2, worker_init_fn=count_start,
                  multiprocessing_context="fork", persistent_workers=True)
for _ in range(3):
    next(iter(kept))                               # 常驻的工作进程：不重启
print("worker starts, persistent       :", starts.value)
assert starts.value == 2
del kept                                           # 关闭常驻的工作进程
# --8<-- [end:iter_every_step]

# --8<-- [start:add]
both = Squares(3) + Squares(2)                     # Dataset.__add__
assert isinstance(both, ConcatDataset)
assert len(both) == 5 and both[3].item() == 0      # 第 3 个是第二个数据集的第 0 个
print(type(both).__name__, [both[i].item() for i in range(len(both))])
tmp.cleanup()
# --8<-- [end:add]
