/**
 * The hashed n-gram featurizer of experts' PRIVATE features. It lives with the inference backend
 * (onnx/ngram-features.ts) so the inference worker can featurize query texts itself, off the main thread; this
 * module keeps the experts' import path.
 */
export * from '../onnx/ngram-features.js'
