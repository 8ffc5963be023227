"""Writes fp16 and q4 weight variants of an fp32 ONNX decoder (the bundled tiny-lm) beside it, named as
transformers.js loads them by dtype: `onnx/model_fp16.onnx` ("fp16") and `onnx/model_q4.onnx` ("q4"). Needs only
onnx and numpy (Debian's python3-onnx, see install-training-tools.sh); the outputs are checked through
transformers.js by tests/models/weight-variants.test.ts. Deterministic: running it again writes the same files.

    /usr/bin/python3 scripts/models/make_weight_variants.py --model fixtures/models/tiny-lm/onnx/model.onnx

fp16: every float32 initializer and constant becomes float16, and so do the float graph inputs and outputs
(past_key_values.*, present.*, logits, last_hidden_state), as transformers.js expects of an fp16 model. No Cast
nodes are added: onnxruntime's CPU provider runs the ops that have no float16 kernel in float32 itself (its
InsertCastTransformer). Constants beyond float16's range (the attention mask's -1e9) become -1e4: exp() of it is
still 0, and scores plus it stay finite, where -inf would turn fully masked (padding) rows into NaN.

q4: each MatMul whose second input is a 2-D float initializer [K, N] becomes com.microsoft MatMulNBits (4 bits,
asymmetric, blocks of 32 along K): B as uint8 [N, k_blocks, 16] (two values a byte, the first in the low nibble),
scales float32 [N, k_blocks], zero points uint8 [N, ceil(k_blocks / 2)] packed the same way, so that
weight = (q - zero_point) * scale. Embeddings, layer norms and biases stay float32; inputs and outputs too.
"""
import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FLOAT16_MAX = float(np.finfo(np.float16).max)
MASK_FILL = -1e4
BLOCK_SIZE = 32
BITS = 4


def fp16_array(array):
    """A float32 array as float16, with values beyond float16's range replaced by +-1e4."""
    clipped = np.where(np.abs(array) > FLOAT16_MAX, np.sign(array) * -MASK_FILL, array)
    return clipped.astype(np.float16)


def to_fp16(model):
    """The model with float32 weights, constants, inputs and outputs as float16."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    graph = model.graph
    for index, tensor in enumerate(graph.initializer):
        if tensor.data_type == TensorProto.FLOAT:
            converted = numpy_helper.from_array(fp16_array(numpy_helper.to_array(tensor)), tensor.name)
            graph.initializer[index].CopyFrom(converted)
    for node in graph.node:
        for attribute in node.attribute:
            if node.op_type == "Constant" and attribute.name == "value" and attribute.t.data_type == TensorProto.FLOAT:
                attribute.t.CopyFrom(numpy_helper.from_array(fp16_array(numpy_helper.to_array(attribute.t)),
                                                             attribute.t.name))
            if node.op_type == "Cast" and attribute.name == "to" and attribute.i == TensorProto.FLOAT:
                attribute.i = TensorProto.FLOAT16
    for value in list(graph.input) + list(graph.output):
        if value.type.tensor_type.elem_type == TensorProto.FLOAT:
            value.type.tensor_type.elem_type = TensorProto.FLOAT16
    del graph.value_info[:]
    return model


def quantize_blocks(weight, block_size=BLOCK_SIZE):
    """A [K, N] float matrix as MatMulNBits' packed B, scales and packed zero points (4 bits, asymmetric)."""
    k, n = weight.shape
    blocks_per_column = -(-k // block_size)
    columns = np.zeros((n, blocks_per_column * block_size), dtype=np.float32)
    columns[:, :k] = weight.T
    blocks = columns.reshape(n, blocks_per_column, block_size)
    low = np.minimum(blocks.min(axis=2), 0.0)
    high = np.maximum(blocks.max(axis=2), 0.0)
    levels = (1 << BITS) - 1
    scales = ((high - low) / levels).astype(np.float32)
    scales[scales == 0] = 1.0
    zero_points = np.clip(np.round(-low / scales), 0, levels).astype(np.uint8)
    quantized = np.clip(np.round(blocks / scales[:, :, None]) + zero_points[:, :, None], 0, levels).astype(np.uint8)
    packed = (quantized[:, :, 0::2] | (quantized[:, :, 1::2] << 4)).astype(np.uint8)
    padded_zero_points = np.zeros((n, blocks_per_column + blocks_per_column % 2), dtype=np.uint8)
    padded_zero_points[:, :blocks_per_column] = zero_points
    packed_zero_points = (padded_zero_points[:, 0::2] | (padded_zero_points[:, 1::2] << 4)).astype(np.uint8)
    dequantized = (quantized.astype(np.float32) - zero_points[:, :, None]) * scales[:, :, None]
    error = np.abs(dequantized.reshape(n, -1)[:, :k].T - weight).max()
    return packed, scales, packed_zero_points, float(error)


def to_q4(model, block_size=BLOCK_SIZE):
    """The model with every MatMul by a 2-D float initializer as a 4-bit MatMulNBits."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    graph = model.graph
    initializers = {tensor.name: tensor for tensor in graph.initializer}
    uses = {}
    for node in graph.node:
        for name in node.input:
            uses[name] = uses.get(name, 0) + 1
    replaced = set()
    nodes = []
    for node in graph.node:
        weight = initializers.get(node.input[1]) if node.op_type == "MatMul" else None
        if weight is None or weight.data_type != TensorProto.FLOAT or len(weight.dims) != 2:
            nodes.append(node)
            continue
        array = numpy_helper.to_array(weight)
        k, n = array.shape
        packed, scales, zero_points, error = quantize_blocks(array, block_size)
        prefix = weight.name.replace(":", "_")
        graph.initializer.extend([
            numpy_helper.from_array(packed, f"{prefix}_Q4"),
            numpy_helper.from_array(scales, f"{prefix}_scales"),
            numpy_helper.from_array(zero_points, f"{prefix}_zero_points"),
        ])
        nodes.append(helper.make_node(
            "MatMulNBits", [node.input[0], f"{prefix}_Q4", f"{prefix}_scales", f"{prefix}_zero_points"],
            list(node.output), name=f"{node.name or prefix}_Q4", domain="com.microsoft",
            K=k, N=n, bits=BITS, block_size=block_size))
        if uses[weight.name] == 1:
            replaced.add(weight.name)
        print(f"  {weight.name} [{k}, {n}] -> MatMulNBits, largest weight error {error:.4f}")
    del graph.node[:]
    graph.node.extend(nodes)
    kept = [tensor for tensor in graph.initializer if tensor.name not in replaced]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    if not any(opset.domain == "com.microsoft" for opset in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="the fp32 onnx/model.onnx")
    arguments = parser.parse_args()
    model = onnx.load(arguments.model)
    folder = os.path.dirname(arguments.model)
    stem = os.path.splitext(os.path.basename(arguments.model))[0]
    for suffix, convert in (("_fp16", to_fp16), ("_q4", to_q4)):
        path = os.path.join(folder, f"{stem}{suffix}.onnx")
        print(f"{path}:")
        variant = convert(model)
        onnx.checker.check_model(variant)
        onnx.save(variant, path)
        print(f"  {os.path.getsize(path):,} bytes")


if __name__ == "__main__":
    main()
