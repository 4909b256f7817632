/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

$protobuf.util.Long = undefined;
$protobuf.configure();

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $String = $util.global.String, $Array = $util.global.Array, $Number = $util.global.Number, $isFinite = $util.global.isFinite;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const cells = $root.cells = (() => {

    /**
     * Namespace cells.
     * @exports cells
     * @namespace
     */
    const cells = {};

    cells.CellQuery = (function() {

        /**
         * Properties of a CellQuery.
         * @typedef {Object} cells.CellQuery.$Properties
         * @property {string|null} [topic] CellQuery topic
         * @property {Array.<number>|null} [vector] CellQuery vector
         * @property {number|null} [k] CellQuery k
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a CellQuery.
         * @memberof cells
         * @interface ICellQuery
         * @augments cells.CellQuery.$Properties
         * @deprecated Use cells.CellQuery.$Properties instead.
         */

        /**
         * Shape of a CellQuery.
         * @typedef {cells.CellQuery.$Properties} cells.CellQuery.$Shape
         */

        /**
         * Constructs a new CellQuery.
         * @memberof cells
         * @classdesc Represents a CellQuery.
         * @constructor
         * @param {cells.CellQuery.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const CellQuery = function (properties) {
            this.vector = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * CellQuery topic.
         * @member {string} topic
         * @memberof cells.CellQuery
         * @instance
         */
        CellQuery.prototype.topic = "";

        /**
         * CellQuery vector.
         * @member {Array.<number>} vector
         * @memberof cells.CellQuery
         * @instance
         */
        CellQuery.prototype.vector = $util.emptyArray;

        /**
         * CellQuery k.
         * @member {number} k
         * @memberof cells.CellQuery
         * @instance
         */
        CellQuery.prototype.k = 0;

        /**
         * Creates a new CellQuery instance using the specified properties.
         * @function create
         * @memberof cells.CellQuery
         * @static
         * @param {cells.CellQuery.$Properties=} [properties] Properties to set
         * @returns {cells.CellQuery} CellQuery instance
         * @type {{
         *   (properties: cells.CellQuery.$Shape): cells.CellQuery & cells.CellQuery.$Shape;
         *   (properties?: cells.CellQuery.$Properties): cells.CellQuery;
         * }}
         */
        CellQuery.create = function(properties) {
            return new CellQuery(properties);
        };

        /**
         * Encodes the specified CellQuery message. Does not implicitly {@link cells.CellQuery.verify|verify} messages.
         * @function encode
         * @memberof cells.CellQuery
         * @static
         * @param {cells.CellQuery.$Properties} message CellQuery message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        CellQuery.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.topic != null && $Object.hasOwnProperty.call(message, "topic") && message.topic !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.topic);
            if (message.vector != null && message.vector.length)
                writer.uint32(/* id 2, wireType 2 =*/18).floats(message.vector);
            if (message.k != null && $Object.hasOwnProperty.call(message, "k") && message.k !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.k);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a CellQuery message from the specified reader or buffer.
         * @function decode
         * @memberof cells.CellQuery
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {cells.CellQuery & cells.CellQuery.$Shape} CellQuery
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        CellQuery.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.cells.CellQuery();
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
                        if ((value = reader.stringVerify()).length)
                            message.topic = value;
                        else
                            delete message.topic;
                        continue;
                    }
                case 2: {
                        if (wireType === 2) {
                            if (!(message.vector && message.vector.length))
                                message.vector = [];
                            reader.floats(message.vector);
                            continue;
                        }
                        if (wireType !== 5)
                            break;
                        if (!(message.vector && message.vector.length))
                            message.vector = [];
                        message.vector.push(reader.float());
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.k = value;
                        else
                            delete message.k;
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
         * Creates a CellQuery message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof cells.CellQuery
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {cells.CellQuery} CellQuery
         */
        CellQuery.fromObject = function (object, _depth) {
            if (object instanceof $root.cells.CellQuery)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".cells.CellQuery: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.cells.CellQuery();
            if (object.topic != null)
                if (typeof object.topic !== "string" || object.topic.length)
                    message.topic = $String(object.topic);
            if (object.vector) {
                if (!$Array.isArray(object.vector))
                    throw $TypeError(".cells.CellQuery.vector: array expected");
                message.vector = $Array(object.vector.length);
                for (let i = 0; i < object.vector.length; ++i)
                    message.vector[i] = $Number(object.vector[i]);
            }
            if (object.k != null)
                if ($Number(object.k) !== 0)
                    message.k = object.k >>> 0;
            return message;
        };

        /**
         * Creates a plain object from a CellQuery message. Also converts values to other types if specified.
         * @function toObject
         * @memberof cells.CellQuery
         * @static
         * @param {cells.CellQuery} message CellQuery
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        CellQuery.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.vector = [];
            if (options.defaults) {
                object.topic = "";
                object.k = 0;
            }
            if (message.topic != null && $Object.hasOwnProperty.call(message, "topic"))
                object.topic = message.topic;
            if (message.vector && message.vector.length) {
                object.vector = $Array(message.vector.length);
                for (let j = 0; j < message.vector.length; ++j)
                    object.vector[j] = options.json && !$isFinite(message.vector[j]) ? $String(message.vector[j]) : message.vector[j];
            }
            if (message.k != null && $Object.hasOwnProperty.call(message, "k"))
                object.k = message.k;
            return object;
        };

        /**
         * Converts this CellQuery to JSON.
         * @function toJSON
         * @memberof cells.CellQuery
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        CellQuery.prototype.toJSON = function() {
            return CellQuery.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for CellQuery
         * @function getTypeUrl
         * @memberof cells.CellQuery
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        CellQuery.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/cells.CellQuery";
        };

        return CellQuery;
    })();

    cells.CellQueryInfo = (function() {

        /**
         * Properties of a CellQueryInfo.
         * @typedef {Object} cells.CellQueryInfo.$Properties
         * @property {number|null} [cards] CellQueryInfo cards
         * @property {number|null} [shards] CellQueryInfo shards
         * @property {number|null} [shard] CellQueryInfo shard
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a CellQueryInfo.
         * @memberof cells
         * @interface ICellQueryInfo
         * @augments cells.CellQueryInfo.$Properties
         * @deprecated Use cells.CellQueryInfo.$Properties instead.
         */

        /**
         * Shape of a CellQueryInfo.
         * @typedef {cells.CellQueryInfo.$Properties} cells.CellQueryInfo.$Shape
         */

        /**
         * Constructs a new CellQueryInfo.
         * @memberof cells
         * @classdesc Represents a CellQueryInfo.
         * @constructor
         * @param {cells.CellQueryInfo.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const CellQueryInfo = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * CellQueryInfo cards.
         * @member {number} cards
         * @memberof cells.CellQueryInfo
         * @instance
         */
        CellQueryInfo.prototype.cards = 0;

        /**
         * CellQueryInfo shards.
         * @member {number} shards
         * @memberof cells.CellQueryInfo
         * @instance
         */
        CellQueryInfo.prototype.shards = 0;

        /**
         * CellQueryInfo shard.
         * @member {number} shard
         * @memberof cells.CellQueryInfo
         * @instance
         */
        CellQueryInfo.prototype.shard = 0;

        /**
         * Creates a new CellQueryInfo instance using the specified properties.
         * @function create
         * @memberof cells.CellQueryInfo
         * @static
         * @param {cells.CellQueryInfo.$Properties=} [properties] Properties to set
         * @returns {cells.CellQueryInfo} CellQueryInfo instance
         * @type {{
         *   (properties: cells.CellQueryInfo.$Shape): cells.CellQueryInfo & cells.CellQueryInfo.$Shape;
         *   (properties?: cells.CellQueryInfo.$Properties): cells.CellQueryInfo;
         * }}
         */
        CellQueryInfo.create = function(properties) {
            return new CellQueryInfo(properties);
        };

        /**
         * Encodes the specified CellQueryInfo message. Does not implicitly {@link cells.CellQueryInfo.verify|verify} messages.
         * @function encode
         * @memberof cells.CellQueryInfo
         * @static
         * @param {cells.CellQueryInfo.$Properties} message CellQueryInfo message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        CellQueryInfo.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.cards != null && $Object.hasOwnProperty.call(message, "cards") && message.cards !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.cards);
            if (message.shards != null && $Object.hasOwnProperty.call(message, "shards") && message.shards !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.shards);
            if (message.shard != null && $Object.hasOwnProperty.call(message, "shard") && message.shard !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.shard);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a CellQueryInfo message from the specified reader or buffer.
         * @function decode
         * @memberof cells.CellQueryInfo
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {cells.CellQueryInfo & cells.CellQueryInfo.$Shape} CellQueryInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        CellQueryInfo.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.cells.CellQueryInfo();
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
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.cards = value;
                        else
                            delete message.cards;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.shards = value;
                        else
                            delete message.shards;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.shard = value;
                        else
                            delete message.shard;
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
         * Creates a CellQueryInfo message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof cells.CellQueryInfo
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {cells.CellQueryInfo} CellQueryInfo
         */
        CellQueryInfo.fromObject = function (object, _depth) {
            if (object instanceof $root.cells.CellQueryInfo)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".cells.CellQueryInfo: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.cells.CellQueryInfo();
            if (object.cards != null)
                if ($Number(object.cards) !== 0)
                    message.cards = object.cards >>> 0;
            if (object.shards != null)
                if ($Number(object.shards) !== 0)
                    message.shards = object.shards >>> 0;
            if (object.shard != null)
                if ($Number(object.shard) !== 0)
                    message.shard = object.shard >>> 0;
            return message;
        };

        /**
         * Creates a plain object from a CellQueryInfo message. Also converts values to other types if specified.
         * @function toObject
         * @memberof cells.CellQueryInfo
         * @static
         * @param {cells.CellQueryInfo} message CellQueryInfo
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        CellQueryInfo.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.cards = 0;
                object.shards = 0;
                object.shard = 0;
            }
            if (message.cards != null && $Object.hasOwnProperty.call(message, "cards"))
                object.cards = message.cards;
            if (message.shards != null && $Object.hasOwnProperty.call(message, "shards"))
                object.shards = message.shards;
            if (message.shard != null && $Object.hasOwnProperty.call(message, "shard"))
                object.shard = message.shard;
            return object;
        };

        /**
         * Converts this CellQueryInfo to JSON.
         * @function toJSON
         * @memberof cells.CellQueryInfo
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        CellQueryInfo.prototype.toJSON = function() {
            return CellQueryInfo.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for CellQueryInfo
         * @function getTypeUrl
         * @memberof cells.CellQueryInfo
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        CellQueryInfo.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/cells.CellQueryInfo";
        };

        return CellQueryInfo;
    })();

    return cells;
})();

export {
  $root as default
};
