#!/usr/bin/env bash
# Megatron-LM core_v0.19.0 (5be9626, 2026-08-19): pretrain_gpt.py for model-architect candidate A (llama, 3,369,679,872 parameters) on 64 x H100-SXM.
# Run from the Megatron-LM checkout on each node with NODE_RANK and MASTER_ADDR set; DATA_PATH is the
# prefix tools/preprocess_data.py wrote with the same tokenizer.
set -euo pipefail

NNODES=8
GPUS_PER_NODE=8
NODE_RANK=${NODE_RANK:-0}
MASTER_ADDR=${MASTER_ADDR:-localhost}
MASTER_PORT=${MASTER_PORT:-6000}
TOKENIZER=${TOKENIZER:-./tokenizer}
DATA_PATH=${DATA_PATH:?set DATA_PATH to the preprocessed data prefix}
CHECKPOINTS=${CHECKPOINTS:-./checkpoints}

export CUDA_DEVICE_MAX_CONNECTIONS=1

torchrun --nproc_per_node "$GPUS_PER_NODE" --nnodes "$NNODES" --node_rank "$NODE_RANK" \
  --master_addr "$MASTER_ADDR" --master_port "$MASTER_PORT" \
  pretrain_gpt.py \
  `# model` \
  --num-layers 34 \
  --hidden-size 3072 \
  --ffn-hidden-size 8192 \
  --num-attention-heads 24 \
  --group-query-attention \
  --num-query-groups 6 \
  --seq-length 4096 \
  --max-position-embeddings 4096 \
  --normalization RMSNorm \
  --norm-epsilon 1e-06 \
  --swiglu \
  --position-embedding-type rope \
  --rotary-base 10000 \
  --disable-bias-linear \
  --make-vocab-size-divisible-by 128 \
  --init-method-std 0.02 \
  --attention-dropout 0.0 \
  --hidden-dropout 0.0 \
  `# parallelism and batch` \
  --tensor-model-parallel-size 1 \
  --pipeline-model-parallel-size 1 \
  --transformer-impl transformer_engine \
  --attention-backend flash \
  --micro-batch-size 1 \
  --global-batch-size 1664 \
  --bf16 \
  `# recipe` \
  --train-iters 201426 \
  --lr 0.000479 \
  --min-lr 4.79e-05 \
  --lr-warmup-iters 2000 \
  --lr-decay-style WSD \
  --lr-wsd-decay-style linear \
  --lr-wsd-decay-iters 40285 \
  --lr-decay-iters 201426 \
  --weight-decay 0.1 \
  --adam-beta1 0.9 \
  --adam-beta2 0.95 \
  --adam-eps 1e-08 \
  --clip-grad 1.0 \
  --save-interval 599 \
  `# data, checkpoints, logging` \
  --tokenizer-type HuggingFaceTokenizer \
  --tokenizer-model "$TOKENIZER" \
  --data-path "$DATA_PATH" \
  --split 99,1,0 \
  --save "$CHECKPOINTS" \
  --load "$CHECKPOINTS" \
  --log-interval 10 \
  --eval-interval 1000 \
  --eval-iters 10
