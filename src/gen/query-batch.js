/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

$protobuf.util.Long = undefined;
$protobuf.configure();

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $Array = $util.global.Array, $String = $util.global.String;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const querybatch = $root.querybatch = (() => {

    /**
     * Namespace querybatch.
     * @exports querybatch
     * @namespace
     */
    const querybatch = {};

    querybatch.QueryBatch = (function() {

        /**
         * Properties of a QueryBatch.
         * @typedef {Object} querybatch.QueryBatch.$Properties
         * @property {Array.<Uint8Array>|null} [requests] QueryBatch requests
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a QueryBatch.
         * @memberof querybatch
         * @interface IQueryBatch
         * @augments querybatch.QueryBatch.$Properties
         * @deprecated Use querybatch.QueryBatch.$Properties instead.
         */

        /**
         * Shape of a QueryBatch.
         * @typedef {querybatch.QueryBatch.$Properties} querybatch.QueryBatch.$Shape
         */

        /**
         * Constructs a new QueryBatch.
         * @memberof querybatch
         * @classdesc Represents a QueryBatch.
         * @constructor
         * @param {querybatch.QueryBatch.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const QueryBatch = function (properties) {
            this.requests = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * QueryBatch requests.
         * @member {Array.<Uint8Array>} requests
         * @memberof querybatch.QueryBatch
         * @instance
         */
        QueryBatch.prototype.requests = $util.emptyArray;

        /**
         * Creates a new QueryBatch instance using the specified properties.
         * @function create
         * @memberof querybatch.QueryBatch
         * @static
         * @param {querybatch.QueryBatch.$Properties=} [properties] Properties to set
         * @returns {querybatch.QueryBatch} QueryBatch instance
         * @type {{
         *   (properties: querybatch.QueryBatch.$Shape): querybatch.QueryBatch & querybatch.QueryBatch.$Shape;
         *   (properties?: querybatch.QueryBatch.$Properties): querybatch.QueryBatch;
         * }}
         */
        QueryBatch.create = function(properties) {
            return new QueryBatch(properties);
        };

        /**
         * Encodes the specified QueryBatch message. Does not implicitly {@link querybatch.QueryBatch.verify|verify} messages.
         * @function encode
         * @memberof querybatch.QueryBatch
         * @static
         * @param {querybatch.QueryBatch.$Properties} message QueryBatch message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        QueryBatch.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.requests != null && message.requests.length)
                for (let i = 0; i < message.requests.length; ++i)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.requests[i]);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a QueryBatch message from the specified reader or buffer.
         * @function decode
         * @memberof querybatch.QueryBatch
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {querybatch.QueryBatch & querybatch.QueryBatch.$Shape} QueryBatch
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        QueryBatch.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.querybatch.QueryBatch();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.requests && message.requests.length))
                            message.requests = [];
                        message.requests.push(reader.bytes());
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a QueryBatch message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof querybatch.QueryBatch
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {querybatch.QueryBatch} QueryBatch
         */
        QueryBatch.fromObject = function (object, _depth) {
            if (object instanceof $root.querybatch.QueryBatch)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".querybatch.QueryBatch: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.querybatch.QueryBatch();
            if (object.requests) {
                if (!$Array.isArray(object.requests))
                    throw $TypeError(".querybatch.QueryBatch.requests: array expected");
                message.requests = $Array(object.requests.length);
                for (let i = 0; i < object.requests.length; ++i)
                    if (typeof object.requests[i] === "string")
                        $util.base64.decode(object.requests[i], message.requests[i] = $util.newBuffer($util.base64.length(object.requests[i])), 0);
                    else if (object.requests[i].length >= 0)
                        message.requests[i] = object.requests[i];
            }
            return message;
        };

        /**
         * Creates a plain object from a QueryBatch message. Also converts values to other types if specified.
         * @function toObject
         * @memberof querybatch.QueryBatch
         * @static
         * @param {querybatch.QueryBatch} message QueryBatch
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        QueryBatch.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.requests = [];
            if (message.requests && message.requests.length) {
                object.requests = $Array(message.requests.length);
                for (let j = 0; j < message.requests.length; ++j)
                    object.requests[j] = options.bytes === $String ? $util.base64.encode(message.requests[j], 0, message.requests[j].length) : options.bytes === $Array ? $Array.prototype.slice.call(message.requests[j]) : message.requests[j];
            }
            return object;
        };

        /**
         * Converts this QueryBatch to JSON.
         * @function toJSON
         * @memberof querybatch.QueryBatch
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        QueryBatch.prototype.toJSON = function() {
            return QueryBatch.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for QueryBatch
         * @function getTypeUrl
         * @memberof querybatch.QueryBatch
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        QueryBatch.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/querybatch.QueryBatch";
        };

        return QueryBatch;
    })();

    querybatch.QueryBatchAnswers = (function() {

        /**
         * Properties of a QueryBatchAnswers.
         * @typedef {Object} querybatch.QueryBatchAnswers.$Properties
         * @property {Array.<Uint8Array>|null} [responses] QueryBatchAnswers responses
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a QueryBatchAnswers.
         * @memberof querybatch
         * @interface IQueryBatchAnswers
         * @augments querybatch.QueryBatchAnswers.$Properties
         * @deprecated Use querybatch.QueryBatchAnswers.$Properties instead.
         */

        /**
         * Shape of a QueryBatchAnswers.
         * @typedef {querybatch.QueryBatchAnswers.$Properties} querybatch.QueryBatchAnswers.$Shape
         */

        /**
         * Constructs a new QueryBatchAnswers.
         * @memberof querybatch
         * @classdesc Represents a QueryBatchAnswers.
         * @constructor
         * @param {querybatch.QueryBatchAnswers.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const QueryBatchAnswers = function (properties) {
            this.responses = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * QueryBatchAnswers responses.
         * @member {Array.<Uint8Array>} responses
         * @memberof querybatch.QueryBatchAnswers
         * @instance
         */
        QueryBatchAnswers.prototype.responses = $util.emptyArray;

        /**
         * Creates a new QueryBatchAnswers instance using the specified properties.
         * @function create
         * @memberof querybatch.QueryBatchAnswers
         * @static
         * @param {querybatch.QueryBatchAnswers.$Properties=} [properties] Properties to set
         * @returns {querybatch.QueryBatchAnswers} QueryBatchAnswers instance
         * @type {{
         *   (properties: querybatch.QueryBatchAnswers.$Shape): querybatch.QueryBatchAnswers & querybatch.QueryBatchAnswers.$Shape;
         *   (properties?: querybatch.QueryBatchAnswers.$Properties): querybatch.QueryBatchAnswers;
         * }}
         */
        QueryBatchAnswers.create = function(properties) {
            return new QueryBatchAnswers(properties);
        };

        /**
         * Encodes the specified QueryBatchAnswers message. Does not implicitly {@link querybatch.QueryBatchAnswers.verify|verify} messages.
         * @function encode
         * @memberof querybatch.QueryBatchAnswers
         * @static
         * @param {querybatch.QueryBatchAnswers.$Properties} message QueryBatchAnswers message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        QueryBatchAnswers.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.responses != null && message.responses.length)
                for (let i = 0; i < message.responses.length; ++i)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.responses[i]);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a QueryBatchAnswers message from the specified reader or buffer.
         * @function decode
         * @memberof querybatch.QueryBatchAnswers
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {querybatch.QueryBatchAnswers & querybatch.QueryBatchAnswers.$Shape} QueryBatchAnswers
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        QueryBatchAnswers.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.querybatch.QueryBatchAnswers();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if (!(message.responses && message.responses.length))
                            message.responses = [];
                        message.responses.push(reader.bytes());
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Creates a QueryBatchAnswers message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof querybatch.QueryBatchAnswers
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {querybatch.QueryBatchAnswers} QueryBatchAnswers
         */
        QueryBatchAnswers.fromObject = function (object, _depth) {
            if (object instanceof $root.querybatch.QueryBatchAnswers)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".querybatch.QueryBatchAnswers: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.querybatch.QueryBatchAnswers();
            if (object.responses) {
                if (!$Array.isArray(object.responses))
                    throw $TypeError(".querybatch.QueryBatchAnswers.responses: array expected");
                message.responses = $Array(object.responses.length);
                for (let i = 0; i < object.responses.length; ++i)
                    if (typeof object.responses[i] === "string")
                        $util.base64.decode(object.responses[i], message.responses[i] = $util.newBuffer($util.base64.length(object.responses[i])), 0);
                    else if (object.responses[i].length >= 0)
                        message.responses[i] = object.responses[i];
            }
            return message;
        };

        /**
         * Creates a plain object from a QueryBatchAnswers message. Also converts values to other types if specified.
         * @function toObject
         * @memberof querybatch.QueryBatchAnswers
         * @static
         * @param {querybatch.QueryBatchAnswers} message QueryBatchAnswers
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        QueryBatchAnswers.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.responses = [];
            if (message.responses && message.responses.length) {
                object.responses = $Array(message.responses.length);
                for (let j = 0; j < message.responses.length; ++j)
                    object.responses[j] = options.bytes === $String ? $util.base64.encode(message.responses[j], 0, message.responses[j].length) : options.bytes === $Array ? $Array.prototype.slice.call(message.responses[j]) : message.responses[j];
            }
            return object;
        };

        /**
         * Converts this QueryBatchAnswers to JSON.
         * @function toJSON
         * @memberof querybatch.QueryBatchAnswers
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        QueryBatchAnswers.prototype.toJSON = function() {
            return QueryBatchAnswers.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for QueryBatchAnswers
         * @function getTypeUrl
         * @memberof querybatch.QueryBatchAnswers
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        QueryBatchAnswers.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/querybatch.QueryBatchAnswers";
        };

        return QueryBatchAnswers;
    })();

    return querybatch;
})();

export {
  $root as default
};
