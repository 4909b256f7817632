/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

$protobuf.util.Long = undefined;
$protobuf.configure();

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $Number = $util.global.Number, $parseInt = $util.global.parseInt, $String = $util.global.String, $Array = $util.global.Array, $BigInt = $util.global.BigInt;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const moemeshmarket = $root.moemeshmarket = (() => {

    /**
     * Namespace moemeshmarket.
     * @exports moemeshmarket
     * @namespace
     */
    const moemeshmarket = {};

    moemeshmarket.CallRecord = (function() {

        /**
         * Properties of a CallRecord.
         * @typedef {Object} moemeshmarket.CallRecord.$Properties
         * @property {Uint8Array|null} [queryId] CallRecord queryId
         * @property {Uint8Array|null} [expertId] CallRecord expertId
         * @property {number|null} [unitPriceMicro] CallRecord unitPriceMicro
         * @property {Uint8Array|null} [requestHash] CallRecord requestHash
         * @property {Uint8Array|null} [answerHash] CallRecord answerHash
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a CallRecord.
         * @memberof moemeshmarket
         * @interface ICallRecord
         * @augments moemeshmarket.CallRecord.$Properties
         * @deprecated Use moemeshmarket.CallRecord.$Properties instead.
         */

        /**
         * Shape of a CallRecord.
         * @typedef {moemeshmarket.CallRecord.$Properties} moemeshmarket.CallRecord.$Shape
         */

        /**
         * Constructs a new CallRecord.
         * @memberof moemeshmarket
         * @classdesc Represents a CallRecord.
         * @constructor
         * @param {moemeshmarket.CallRecord.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const CallRecord = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * CallRecord queryId.
         * @member {Uint8Array} queryId
         * @memberof moemeshmarket.CallRecord
         * @instance
         */
        CallRecord.prototype.queryId = $util.newBuffer([]);

        /**
         * CallRecord expertId.
         * @member {Uint8Array} expertId
         * @memberof moemeshmarket.CallRecord
         * @instance
         */
        CallRecord.prototype.expertId = $util.newBuffer([]);

        /**
         * CallRecord unitPriceMicro.
         * @member {number} unitPriceMicro
         * @memberof moemeshmarket.CallRecord
         * @instance
         */
        CallRecord.prototype.unitPriceMicro = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * CallRecord requestHash.
         * @member {Uint8Array} requestHash
         * @memberof moemeshmarket.CallRecord
         * @instance
         */
        CallRecord.prototype.requestHash = $util.newBuffer([]);

        /**
         * CallRecord answerHash.
         * @member {Uint8Array} answerHash
         * @memberof moemeshmarket.CallRecord
         * @instance
         */
        CallRecord.prototype.answerHash = $util.newBuffer([]);

        /**
         * Creates a new CallRecord instance using the specified properties.
         * @function create
         * @memberof moemeshmarket.CallRecord
         * @static
         * @param {moemeshmarket.CallRecord.$Properties=} [properties] Properties to set
         * @returns {moemeshmarket.CallRecord} CallRecord instance
         * @type {{
         *   (properties: moemeshmarket.CallRecord.$Shape): moemeshmarket.CallRecord & moemeshmarket.CallRecord.$Shape;
         *   (properties?: moemeshmarket.CallRecord.$Properties): moemeshmarket.CallRecord;
         * }}
         */
        CallRecord.create = function(properties) {
            return new CallRecord(properties);
        };

        /**
         * Encodes the specified CallRecord message. Does not implicitly {@link moemeshmarket.CallRecord.verify|verify} messages.
         * @function encode
         * @memberof moemeshmarket.CallRecord
         * @static
         * @param {moemeshmarket.CallRecord.$Properties} message CallRecord message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        CallRecord.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.queryId != null && $Object.hasOwnProperty.call(message, "queryId") && message.queryId.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.queryId);
            if (message.expertId != null && $Object.hasOwnProperty.call(message, "expertId") && message.expertId.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.expertId);
            if (message.unitPriceMicro != null && $Object.hasOwnProperty.call(message, "unitPriceMicro") && (typeof message.unitPriceMicro === "object" ? message.unitPriceMicro.low || message.unitPriceMicro.high : message.unitPriceMicro !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.unitPriceMicro);
            if (message.requestHash != null && $Object.hasOwnProperty.call(message, "requestHash") && message.requestHash.length)
                writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.requestHash);
            if (message.answerHash != null && $Object.hasOwnProperty.call(message, "answerHash") && message.answerHash.length)
                writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.answerHash);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a CallRecord message from the specified reader or buffer.
         * @function decode
         * @memberof moemeshmarket.CallRecord
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemeshmarket.CallRecord & moemeshmarket.CallRecord.$Shape} CallRecord
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        CallRecord.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemeshmarket.CallRecord();
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
                        if ((value = reader.bytes()).length)
                            message.queryId = value;
                        else
                            delete message.queryId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.expertId = value;
                        else
                            delete message.expertId;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.unitPriceMicro = value;
                        else
                            delete message.unitPriceMicro;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.requestHash = value;
                        else
                            delete message.requestHash;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.answerHash = value;
                        else
                            delete message.answerHash;
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
         * Creates a CallRecord message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemeshmarket.CallRecord
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemeshmarket.CallRecord} CallRecord
         */
        CallRecord.fromObject = function (object, _depth) {
            if (object instanceof $root.moemeshmarket.CallRecord)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemeshmarket.CallRecord: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemeshmarket.CallRecord();
            if (object.queryId != null)
                if (object.queryId.length)
                    if (typeof object.queryId === "string")
                        $util.base64.decode(object.queryId, message.queryId = $util.newBuffer($util.base64.length(object.queryId)), 0);
                    else if (object.queryId.length >= 0)
                        message.queryId = object.queryId;
            if (object.expertId != null)
                if (object.expertId.length)
                    if (typeof object.expertId === "string")
                        $util.base64.decode(object.expertId, message.expertId = $util.newBuffer($util.base64.length(object.expertId)), 0);
                    else if (object.expertId.length >= 0)
                        message.expertId = object.expertId;
            if (object.unitPriceMicro != null)
                if (typeof object.unitPriceMicro === "object" ? object.unitPriceMicro.low || object.unitPriceMicro.high : $Number(object.unitPriceMicro) !== 0)
                    if ($util.Long)
                        message.unitPriceMicro = $util.Long.fromValue(object.unitPriceMicro, true);
                    else if (typeof object.unitPriceMicro === "string")
                        message.unitPriceMicro = $parseInt(object.unitPriceMicro, 10);
                    else if (typeof object.unitPriceMicro === "number")
                        message.unitPriceMicro = object.unitPriceMicro;
                    else if (typeof object.unitPriceMicro === "object")
                        message.unitPriceMicro = new $util.LongBits(object.unitPriceMicro.low >>> 0, object.unitPriceMicro.high >>> 0).toNumber(true);
            if (object.requestHash != null)
                if (object.requestHash.length)
                    if (typeof object.requestHash === "string")
                        $util.base64.decode(object.requestHash, message.requestHash = $util.newBuffer($util.base64.length(object.requestHash)), 0);
                    else if (object.requestHash.length >= 0)
                        message.requestHash = object.requestHash;
            if (object.answerHash != null)
                if (object.answerHash.length)
                    if (typeof object.answerHash === "string")
                        $util.base64.decode(object.answerHash, message.answerHash = $util.newBuffer($util.base64.length(object.answerHash)), 0);
                    else if (object.answerHash.length >= 0)
                        message.answerHash = object.answerHash;
            return message;
        };

        /**
         * Creates a plain object from a CallRecord message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemeshmarket.CallRecord
         * @static
         * @param {moemeshmarket.CallRecord} message CallRecord
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        CallRecord.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if (options.bytes === $String)
                    object.queryId = "";
                else {
                    object.queryId = [];
                    if (options.bytes !== $Array)
                        object.queryId = $util.newBuffer(object.queryId);
                }
                if (options.bytes === $String)
                    object.expertId = "";
                else {
                    object.expertId = [];
                    if (options.bytes !== $Array)
                        object.expertId = $util.newBuffer(object.expertId);
                }
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.unitPriceMicro = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.unitPriceMicro = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.requestHash = "";
                else {
                    object.requestHash = [];
                    if (options.bytes !== $Array)
                        object.requestHash = $util.newBuffer(object.requestHash);
                }
                if (options.bytes === $String)
                    object.answerHash = "";
                else {
                    object.answerHash = [];
                    if (options.bytes !== $Array)
                        object.answerHash = $util.newBuffer(object.answerHash);
                }
            }
            if (message.queryId != null && $Object.hasOwnProperty.call(message, "queryId"))
                object.queryId = options.bytes === $String ? $util.base64.encode(message.queryId, 0, message.queryId.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.queryId) : message.queryId;
            if (message.expertId != null && $Object.hasOwnProperty.call(message, "expertId"))
                object.expertId = options.bytes === $String ? $util.base64.encode(message.expertId, 0, message.expertId.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.expertId) : message.expertId;
            if (message.unitPriceMicro != null && $Object.hasOwnProperty.call(message, "unitPriceMicro"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.unitPriceMicro = typeof message.unitPriceMicro === "number" ? $BigInt(message.unitPriceMicro) : $util.Long.fromBits(message.unitPriceMicro.low >>> 0, message.unitPriceMicro.high >>> 0, true).toBigInt();
                else if (typeof message.unitPriceMicro === "number")
                    object.unitPriceMicro = options.longs === $String ? $String(message.unitPriceMicro) : message.unitPriceMicro;
                else
                    object.unitPriceMicro = options.longs === $String ? $util.Long.prototype.toString.call(message.unitPriceMicro) : options.longs === $Number ? new $util.LongBits(message.unitPriceMicro.low >>> 0, message.unitPriceMicro.high >>> 0).toNumber(true) : message.unitPriceMicro;
            if (message.requestHash != null && $Object.hasOwnProperty.call(message, "requestHash"))
                object.requestHash = options.bytes === $String ? $util.base64.encode(message.requestHash, 0, message.requestHash.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.requestHash) : message.requestHash;
            if (message.answerHash != null && $Object.hasOwnProperty.call(message, "answerHash"))
                object.answerHash = options.bytes === $String ? $util.base64.encode(message.answerHash, 0, message.answerHash.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.answerHash) : message.answerHash;
            return object;
        };

        /**
         * Converts this CallRecord to JSON.
         * @function toJSON
         * @memberof moemeshmarket.CallRecord
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        CallRecord.prototype.toJSON = function() {
            return CallRecord.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for CallRecord
         * @function getTypeUrl
         * @memberof moemeshmarket.CallRecord
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        CallRecord.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemeshmarket.CallRecord";
        };

        return CallRecord;
    })();

    moemeshmarket.Receipt = (function() {

        /**
         * Properties of a Receipt.
         * @typedef {Object} moemeshmarket.Receipt.$Properties
         * @property {string|null} [payer] Receipt payer
         * @property {string|null} [payee] Receipt payee
         * @property {number|null} [lane] Receipt lane
         * @property {number|null} [seq] Receipt seq
         * @property {number|null} [cumulativeMicro] Receipt cumulativeMicro
         * @property {moemeshmarket.CallRecord.$Properties|null} [lastCall] Receipt lastCall
         * @property {number|null} [issuedAtMs] Receipt issuedAtMs
         * @property {number|null} [expiresAtMs] Receipt expiresAtMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Receipt.
         * @memberof moemeshmarket
         * @interface IReceipt
         * @augments moemeshmarket.Receipt.$Properties
         * @deprecated Use moemeshmarket.Receipt.$Properties instead.
         */

        /**
         * Shape of a Receipt.
         * @typedef {moemeshmarket.Receipt.$Properties} moemeshmarket.Receipt.$Shape
         */

        /**
         * Constructs a new Receipt.
         * @memberof moemeshmarket
         * @classdesc Represents a Receipt.
         * @constructor
         * @param {moemeshmarket.Receipt.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Receipt = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Receipt payer.
         * @member {string} payer
         * @memberof moemeshmarket.Receipt
         * @instance
         */
        Receipt.prototype.payer = "";

        /**
         * Receipt payee.
         * @member {string} payee
         * @memberof moemeshmarket.Receipt
         * @instance
         */
        Receipt.prototype.payee = "";

        /**
         * Receipt lane.
         * @member {number} lane
         * @memberof moemeshmarket.Receipt
         * @instance
         */
        Receipt.prototype.lane = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Receipt seq.
         * @member {number} seq
         * @memberof moemeshmarket.Receipt
         * @instance
         */
        Receipt.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Receipt cumulativeMicro.
         * @member {number} cumulativeMicro
         * @memberof moemeshmarket.Receipt
         * @instance
         */
        Receipt.prototype.cumulativeMicro = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Receipt lastCall.
         * @member {moemeshmarket.CallRecord.$Properties|null|undefined} lastCall
         * @memberof moemeshmarket.Receipt
         * @instance
         */
        Receipt.prototype.lastCall = null;

        /**
         * Receipt issuedAtMs.
         * @member {number} issuedAtMs
         * @memberof moemeshmarket.Receipt
         * @instance
         */
        Receipt.prototype.issuedAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Receipt expiresAtMs.
         * @member {number} expiresAtMs
         * @memberof moemeshmarket.Receipt
         * @instance
         */
        Receipt.prototype.expiresAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new Receipt instance using the specified properties.
         * @function create
         * @memberof moemeshmarket.Receipt
         * @static
         * @param {moemeshmarket.Receipt.$Properties=} [properties] Properties to set
         * @returns {moemeshmarket.Receipt} Receipt instance
         * @type {{
         *   (properties: moemeshmarket.Receipt.$Shape): moemeshmarket.Receipt & moemeshmarket.Receipt.$Shape;
         *   (properties?: moemeshmarket.Receipt.$Properties): moemeshmarket.Receipt;
         * }}
         */
        Receipt.create = function(properties) {
            return new Receipt(properties);
        };

        /**
         * Encodes the specified Receipt message. Does not implicitly {@link moemeshmarket.Receipt.verify|verify} messages.
         * @function encode
         * @memberof moemeshmarket.Receipt
         * @static
         * @param {moemeshmarket.Receipt.$Properties} message Receipt message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Receipt.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.payer != null && $Object.hasOwnProperty.call(message, "payer") && message.payer !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.payer);
            if (message.payee != null && $Object.hasOwnProperty.call(message, "payee") && message.payee !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.payee);
            if (message.lane != null && $Object.hasOwnProperty.call(message, "lane") && (typeof message.lane === "object" ? message.lane.low || message.lane.high : message.lane !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.lane);
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.seq);
            if (message.cumulativeMicro != null && $Object.hasOwnProperty.call(message, "cumulativeMicro") && (typeof message.cumulativeMicro === "object" ? message.cumulativeMicro.low || message.cumulativeMicro.high : message.cumulativeMicro !== 0))
                writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.cumulativeMicro);
            if (message.lastCall != null && $Object.hasOwnProperty.call(message, "lastCall"))
                $root.moemeshmarket.CallRecord.encode(message.lastCall, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
            if (message.issuedAtMs != null && $Object.hasOwnProperty.call(message, "issuedAtMs") && (typeof message.issuedAtMs === "object" ? message.issuedAtMs.low || message.issuedAtMs.high : message.issuedAtMs !== 0))
                writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.issuedAtMs);
            if (message.expiresAtMs != null && $Object.hasOwnProperty.call(message, "expiresAtMs") && (typeof message.expiresAtMs === "object" ? message.expiresAtMs.low || message.expiresAtMs.high : message.expiresAtMs !== 0))
                writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.expiresAtMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Receipt message from the specified reader or buffer.
         * @function decode
         * @memberof moemeshmarket.Receipt
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemeshmarket.Receipt & moemeshmarket.Receipt.$Shape} Receipt
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Receipt.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemeshmarket.Receipt();
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
                            message.payer = value;
                        else
                            delete message.payer;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.payee = value;
                        else
                            delete message.payee;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.lane = value;
                        else
                            delete message.lane;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.cumulativeMicro = value;
                        else
                            delete message.cumulativeMicro;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        message.lastCall = $root.moemeshmarket.CallRecord.decode(reader, reader.size(), $undefined, _depth + 1, message.lastCall);
                        continue;
                    }
                case 7: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.issuedAtMs = value;
                        else
                            delete message.issuedAtMs;
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.expiresAtMs = value;
                        else
                            delete message.expiresAtMs;
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
         * Creates a Receipt message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemeshmarket.Receipt
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemeshmarket.Receipt} Receipt
         */
        Receipt.fromObject = function (object, _depth) {
            if (object instanceof $root.moemeshmarket.Receipt)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemeshmarket.Receipt: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemeshmarket.Receipt();
            if (object.payer != null)
                if (typeof object.payer !== "string" || object.payer.length)
                    message.payer = $String(object.payer);
            if (object.payee != null)
                if (typeof object.payee !== "string" || object.payee.length)
                    message.payee = $String(object.payee);
            if (object.lane != null)
                if (typeof object.lane === "object" ? object.lane.low || object.lane.high : $Number(object.lane) !== 0)
                    if ($util.Long)
                        message.lane = $util.Long.fromValue(object.lane, true);
                    else if (typeof object.lane === "string")
                        message.lane = $parseInt(object.lane, 10);
                    else if (typeof object.lane === "number")
                        message.lane = object.lane;
                    else if (typeof object.lane === "object")
                        message.lane = new $util.LongBits(object.lane.low >>> 0, object.lane.high >>> 0).toNumber(true);
            if (object.seq != null)
                if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = $parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
            if (object.cumulativeMicro != null)
                if (typeof object.cumulativeMicro === "object" ? object.cumulativeMicro.low || object.cumulativeMicro.high : $Number(object.cumulativeMicro) !== 0)
                    if ($util.Long)
                        message.cumulativeMicro = $util.Long.fromValue(object.cumulativeMicro, true);
                    else if (typeof object.cumulativeMicro === "string")
                        message.cumulativeMicro = $parseInt(object.cumulativeMicro, 10);
                    else if (typeof object.cumulativeMicro === "number")
                        message.cumulativeMicro = object.cumulativeMicro;
                    else if (typeof object.cumulativeMicro === "object")
                        message.cumulativeMicro = new $util.LongBits(object.cumulativeMicro.low >>> 0, object.cumulativeMicro.high >>> 0).toNumber(true);
            if (object.lastCall != null) {
                if (!$util.isObject(object.lastCall))
                    throw $TypeError(".moemeshmarket.Receipt.lastCall: object expected");
                message.lastCall = $root.moemeshmarket.CallRecord.fromObject(object.lastCall, _depth + 1);
            }
            if (object.issuedAtMs != null)
                if (typeof object.issuedAtMs === "object" ? object.issuedAtMs.low || object.issuedAtMs.high : $Number(object.issuedAtMs) !== 0)
                    if ($util.Long)
                        message.issuedAtMs = $util.Long.fromValue(object.issuedAtMs, true);
                    else if (typeof object.issuedAtMs === "string")
                        message.issuedAtMs = $parseInt(object.issuedAtMs, 10);
                    else if (typeof object.issuedAtMs === "number")
                        message.issuedAtMs = object.issuedAtMs;
                    else if (typeof object.issuedAtMs === "object")
                        message.issuedAtMs = new $util.LongBits(object.issuedAtMs.low >>> 0, object.issuedAtMs.high >>> 0).toNumber(true);
            if (object.expiresAtMs != null)
                if (typeof object.expiresAtMs === "object" ? object.expiresAtMs.low || object.expiresAtMs.high : $Number(object.expiresAtMs) !== 0)
                    if ($util.Long)
                        message.expiresAtMs = $util.Long.fromValue(object.expiresAtMs, true);
                    else if (typeof object.expiresAtMs === "string")
                        message.expiresAtMs = $parseInt(object.expiresAtMs, 10);
                    else if (typeof object.expiresAtMs === "number")
                        message.expiresAtMs = object.expiresAtMs;
                    else if (typeof object.expiresAtMs === "object")
                        message.expiresAtMs = new $util.LongBits(object.expiresAtMs.low >>> 0, object.expiresAtMs.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a Receipt message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemeshmarket.Receipt
         * @static
         * @param {moemeshmarket.Receipt} message Receipt
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Receipt.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.payer = "";
                object.payee = "";
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.lane = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.lane = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.cumulativeMicro = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.cumulativeMicro = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.lastCall = null;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.issuedAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.issuedAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.expiresAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.expiresAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.payer != null && $Object.hasOwnProperty.call(message, "payer"))
                object.payer = message.payer;
            if (message.payee != null && $Object.hasOwnProperty.call(message, "payee"))
                object.payee = message.payee;
            if (message.lane != null && $Object.hasOwnProperty.call(message, "lane"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.lane = typeof message.lane === "number" ? $BigInt(message.lane) : $util.Long.fromBits(message.lane.low >>> 0, message.lane.high >>> 0, true).toBigInt();
                else if (typeof message.lane === "number")
                    object.lane = options.longs === $String ? $String(message.lane) : message.lane;
                else
                    object.lane = options.longs === $String ? $util.Long.prototype.toString.call(message.lane) : options.longs === $Number ? new $util.LongBits(message.lane.low >>> 0, message.lane.high >>> 0).toNumber(true) : message.lane;
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                else if (typeof message.seq === "number")
                    object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                else
                    object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
            if (message.cumulativeMicro != null && $Object.hasOwnProperty.call(message, "cumulativeMicro"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.cumulativeMicro = typeof message.cumulativeMicro === "number" ? $BigInt(message.cumulativeMicro) : $util.Long.fromBits(message.cumulativeMicro.low >>> 0, message.cumulativeMicro.high >>> 0, true).toBigInt();
                else if (typeof message.cumulativeMicro === "number")
                    object.cumulativeMicro = options.longs === $String ? $String(message.cumulativeMicro) : message.cumulativeMicro;
                else
                    object.cumulativeMicro = options.longs === $String ? $util.Long.prototype.toString.call(message.cumulativeMicro) : options.longs === $Number ? new $util.LongBits(message.cumulativeMicro.low >>> 0, message.cumulativeMicro.high >>> 0).toNumber(true) : message.cumulativeMicro;
            if (message.lastCall != null && $Object.hasOwnProperty.call(message, "lastCall"))
                object.lastCall = $root.moemeshmarket.CallRecord.toObject(message.lastCall, options, _depth + 1);
            if (message.issuedAtMs != null && $Object.hasOwnProperty.call(message, "issuedAtMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.issuedAtMs = typeof message.issuedAtMs === "number" ? $BigInt(message.issuedAtMs) : $util.Long.fromBits(message.issuedAtMs.low >>> 0, message.issuedAtMs.high >>> 0, true).toBigInt();
                else if (typeof message.issuedAtMs === "number")
                    object.issuedAtMs = options.longs === $String ? $String(message.issuedAtMs) : message.issuedAtMs;
                else
                    object.issuedAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.issuedAtMs) : options.longs === $Number ? new $util.LongBits(message.issuedAtMs.low >>> 0, message.issuedAtMs.high >>> 0).toNumber(true) : message.issuedAtMs;
            if (message.expiresAtMs != null && $Object.hasOwnProperty.call(message, "expiresAtMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.expiresAtMs = typeof message.expiresAtMs === "number" ? $BigInt(message.expiresAtMs) : $util.Long.fromBits(message.expiresAtMs.low >>> 0, message.expiresAtMs.high >>> 0, true).toBigInt();
                else if (typeof message.expiresAtMs === "number")
                    object.expiresAtMs = options.longs === $String ? $String(message.expiresAtMs) : message.expiresAtMs;
                else
                    object.expiresAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.expiresAtMs) : options.longs === $Number ? new $util.LongBits(message.expiresAtMs.low >>> 0, message.expiresAtMs.high >>> 0).toNumber(true) : message.expiresAtMs;
            return object;
        };

        /**
         * Converts this Receipt to JSON.
         * @function toJSON
         * @memberof moemeshmarket.Receipt
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Receipt.prototype.toJSON = function() {
            return Receipt.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for Receipt
         * @function getTypeUrl
         * @memberof moemeshmarket.Receipt
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Receipt.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemeshmarket.Receipt";
        };

        return Receipt;
    })();

    moemeshmarket.SignedReceipt = (function() {

        /**
         * Properties of a SignedReceipt.
         * @typedef {Object} moemeshmarket.SignedReceipt.$Properties
         * @property {Uint8Array|null} [receipt] SignedReceipt receipt
         * @property {Uint8Array|null} [signature] SignedReceipt signature
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a SignedReceipt.
         * @memberof moemeshmarket
         * @interface ISignedReceipt
         * @augments moemeshmarket.SignedReceipt.$Properties
         * @deprecated Use moemeshmarket.SignedReceipt.$Properties instead.
         */

        /**
         * Shape of a SignedReceipt.
         * @typedef {moemeshmarket.SignedReceipt.$Properties} moemeshmarket.SignedReceipt.$Shape
         */

        /**
         * Constructs a new SignedReceipt.
         * @memberof moemeshmarket
         * @classdesc Represents a SignedReceipt.
         * @constructor
         * @param {moemeshmarket.SignedReceipt.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const SignedReceipt = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * SignedReceipt receipt.
         * @member {Uint8Array} receipt
         * @memberof moemeshmarket.SignedReceipt
         * @instance
         */
        SignedReceipt.prototype.receipt = $util.newBuffer([]);

        /**
         * SignedReceipt signature.
         * @member {Uint8Array} signature
         * @memberof moemeshmarket.SignedReceipt
         * @instance
         */
        SignedReceipt.prototype.signature = $util.newBuffer([]);

        /**
         * Creates a new SignedReceipt instance using the specified properties.
         * @function create
         * @memberof moemeshmarket.SignedReceipt
         * @static
         * @param {moemeshmarket.SignedReceipt.$Properties=} [properties] Properties to set
         * @returns {moemeshmarket.SignedReceipt} SignedReceipt instance
         * @type {{
         *   (properties: moemeshmarket.SignedReceipt.$Shape): moemeshmarket.SignedReceipt & moemeshmarket.SignedReceipt.$Shape;
         *   (properties?: moemeshmarket.SignedReceipt.$Properties): moemeshmarket.SignedReceipt;
         * }}
         */
        SignedReceipt.create = function(properties) {
            return new SignedReceipt(properties);
        };

        /**
         * Encodes the specified SignedReceipt message. Does not implicitly {@link moemeshmarket.SignedReceipt.verify|verify} messages.
         * @function encode
         * @memberof moemeshmarket.SignedReceipt
         * @static
         * @param {moemeshmarket.SignedReceipt.$Properties} message SignedReceipt message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SignedReceipt.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.receipt != null && $Object.hasOwnProperty.call(message, "receipt") && message.receipt.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.receipt);
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature") && message.signature.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.signature);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a SignedReceipt message from the specified reader or buffer.
         * @function decode
         * @memberof moemeshmarket.SignedReceipt
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemeshmarket.SignedReceipt & moemeshmarket.SignedReceipt.$Shape} SignedReceipt
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SignedReceipt.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemeshmarket.SignedReceipt();
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
                        if ((value = reader.bytes()).length)
                            message.receipt = value;
                        else
                            delete message.receipt;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.signature = value;
                        else
                            delete message.signature;
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
         * Creates a SignedReceipt message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemeshmarket.SignedReceipt
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemeshmarket.SignedReceipt} SignedReceipt
         */
        SignedReceipt.fromObject = function (object, _depth) {
            if (object instanceof $root.moemeshmarket.SignedReceipt)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemeshmarket.SignedReceipt: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemeshmarket.SignedReceipt();
            if (object.receipt != null)
                if (object.receipt.length)
                    if (typeof object.receipt === "string")
                        $util.base64.decode(object.receipt, message.receipt = $util.newBuffer($util.base64.length(object.receipt)), 0);
                    else if (object.receipt.length >= 0)
                        message.receipt = object.receipt;
            if (object.signature != null)
                if (object.signature.length)
                    if (typeof object.signature === "string")
                        $util.base64.decode(object.signature, message.signature = $util.newBuffer($util.base64.length(object.signature)), 0);
                    else if (object.signature.length >= 0)
                        message.signature = object.signature;
            return message;
        };

        /**
         * Creates a plain object from a SignedReceipt message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemeshmarket.SignedReceipt
         * @static
         * @param {moemeshmarket.SignedReceipt} message SignedReceipt
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        SignedReceipt.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if (options.bytes === $String)
                    object.receipt = "";
                else {
                    object.receipt = [];
                    if (options.bytes !== $Array)
                        object.receipt = $util.newBuffer(object.receipt);
                }
                if (options.bytes === $String)
                    object.signature = "";
                else {
                    object.signature = [];
                    if (options.bytes !== $Array)
                        object.signature = $util.newBuffer(object.signature);
                }
            }
            if (message.receipt != null && $Object.hasOwnProperty.call(message, "receipt"))
                object.receipt = options.bytes === $String ? $util.base64.encode(message.receipt, 0, message.receipt.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.receipt) : message.receipt;
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature"))
                object.signature = options.bytes === $String ? $util.base64.encode(message.signature, 0, message.signature.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.signature) : message.signature;
            return object;
        };

        /**
         * Converts this SignedReceipt to JSON.
         * @function toJSON
         * @memberof moemeshmarket.SignedReceipt
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        SignedReceipt.prototype.toJSON = function() {
            return SignedReceipt.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for SignedReceipt
         * @function getTypeUrl
         * @memberof moemeshmarket.SignedReceipt
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        SignedReceipt.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemeshmarket.SignedReceipt";
        };

        return SignedReceipt;
    })();

    moemeshmarket.ReceiptAck = (function() {

        /**
         * Properties of a ReceiptAck.
         * @typedef {Object} moemeshmarket.ReceiptAck.$Properties
         * @property {moemeshmarket.ReceiptAck.Status|null} [status] ReceiptAck status
         * @property {number|null} [lane] ReceiptAck lane
         * @property {number|null} [seq] ReceiptAck seq
         * @property {number|null} [cumulativeMicro] ReceiptAck cumulativeMicro
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ReceiptAck.
         * @memberof moemeshmarket
         * @interface IReceiptAck
         * @augments moemeshmarket.ReceiptAck.$Properties
         * @deprecated Use moemeshmarket.ReceiptAck.$Properties instead.
         */

        /**
         * Shape of a ReceiptAck.
         * @typedef {moemeshmarket.ReceiptAck.$Properties} moemeshmarket.ReceiptAck.$Shape
         */

        /**
         * Constructs a new ReceiptAck.
         * @memberof moemeshmarket
         * @classdesc Represents a ReceiptAck.
         * @constructor
         * @param {moemeshmarket.ReceiptAck.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ReceiptAck = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ReceiptAck status.
         * @member {moemeshmarket.ReceiptAck.Status} status
         * @memberof moemeshmarket.ReceiptAck
         * @instance
         */
        ReceiptAck.prototype.status = 0;

        /**
         * ReceiptAck lane.
         * @member {number} lane
         * @memberof moemeshmarket.ReceiptAck
         * @instance
         */
        ReceiptAck.prototype.lane = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ReceiptAck seq.
         * @member {number} seq
         * @memberof moemeshmarket.ReceiptAck
         * @instance
         */
        ReceiptAck.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ReceiptAck cumulativeMicro.
         * @member {number} cumulativeMicro
         * @memberof moemeshmarket.ReceiptAck
         * @instance
         */
        ReceiptAck.prototype.cumulativeMicro = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new ReceiptAck instance using the specified properties.
         * @function create
         * @memberof moemeshmarket.ReceiptAck
         * @static
         * @param {moemeshmarket.ReceiptAck.$Properties=} [properties] Properties to set
         * @returns {moemeshmarket.ReceiptAck} ReceiptAck instance
         * @type {{
         *   (properties: moemeshmarket.ReceiptAck.$Shape): moemeshmarket.ReceiptAck & moemeshmarket.ReceiptAck.$Shape;
         *   (properties?: moemeshmarket.ReceiptAck.$Properties): moemeshmarket.ReceiptAck;
         * }}
         */
        ReceiptAck.create = function(properties) {
            return new ReceiptAck(properties);
        };

        /**
         * Encodes the specified ReceiptAck message. Does not implicitly {@link moemeshmarket.ReceiptAck.verify|verify} messages.
         * @function encode
         * @memberof moemeshmarket.ReceiptAck
         * @static
         * @param {moemeshmarket.ReceiptAck.$Properties} message ReceiptAck message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ReceiptAck.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.status != null && $Object.hasOwnProperty.call(message, "status") && message.status !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.status);
            if (message.lane != null && $Object.hasOwnProperty.call(message, "lane") && (typeof message.lane === "object" ? message.lane.low || message.lane.high : message.lane !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.lane);
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.seq);
            if (message.cumulativeMicro != null && $Object.hasOwnProperty.call(message, "cumulativeMicro") && (typeof message.cumulativeMicro === "object" ? message.cumulativeMicro.low || message.cumulativeMicro.high : message.cumulativeMicro !== 0))
                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.cumulativeMicro);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ReceiptAck message from the specified reader or buffer.
         * @function decode
         * @memberof moemeshmarket.ReceiptAck
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemeshmarket.ReceiptAck & moemeshmarket.ReceiptAck.$Shape} ReceiptAck
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ReceiptAck.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemeshmarket.ReceiptAck();
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
                        if (value = reader.int32())
                            message.status = value;
                        else
                            delete message.status;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.lane = value;
                        else
                            delete message.lane;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.cumulativeMicro = value;
                        else
                            delete message.cumulativeMicro;
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
         * Creates a ReceiptAck message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemeshmarket.ReceiptAck
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemeshmarket.ReceiptAck} ReceiptAck
         */
        ReceiptAck.fromObject = function (object, _depth) {
            if (object instanceof $root.moemeshmarket.ReceiptAck)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemeshmarket.ReceiptAck: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemeshmarket.ReceiptAck();
            if (object.status !== 0 && (typeof object.status !== "string" || $root.moemeshmarket.ReceiptAck.Status[object.status] !== 0))
                switch (object.status) {
                case "ACCEPTED":
                case 0:
                    message.status = 0;
                    break;
                case "STALE":
                case 1:
                    message.status = 1;
                    break;
                case "INVALID":
                case 2:
                    message.status = 2;
                    break;
                case "BUSY":
                case 3:
                    message.status = 3;
                    break;
                default:
                    if (typeof object.status === "number" && (object.status | 0) === object.status)
                        message.status = object.status;
                }
            if (object.lane != null)
                if (typeof object.lane === "object" ? object.lane.low || object.lane.high : $Number(object.lane) !== 0)
                    if ($util.Long)
                        message.lane = $util.Long.fromValue(object.lane, true);
                    else if (typeof object.lane === "string")
                        message.lane = $parseInt(object.lane, 10);
                    else if (typeof object.lane === "number")
                        message.lane = object.lane;
                    else if (typeof object.lane === "object")
                        message.lane = new $util.LongBits(object.lane.low >>> 0, object.lane.high >>> 0).toNumber(true);
            if (object.seq != null)
                if (typeof object.seq === "object" ? object.seq.low || object.seq.high : $Number(object.seq) !== 0)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = $parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
            if (object.cumulativeMicro != null)
                if (typeof object.cumulativeMicro === "object" ? object.cumulativeMicro.low || object.cumulativeMicro.high : $Number(object.cumulativeMicro) !== 0)
                    if ($util.Long)
                        message.cumulativeMicro = $util.Long.fromValue(object.cumulativeMicro, true);
                    else if (typeof object.cumulativeMicro === "string")
                        message.cumulativeMicro = $parseInt(object.cumulativeMicro, 10);
                    else if (typeof object.cumulativeMicro === "number")
                        message.cumulativeMicro = object.cumulativeMicro;
                    else if (typeof object.cumulativeMicro === "object")
                        message.cumulativeMicro = new $util.LongBits(object.cumulativeMicro.low >>> 0, object.cumulativeMicro.high >>> 0).toNumber(true);
            return message;
        };

        /**
         * Creates a plain object from a ReceiptAck message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemeshmarket.ReceiptAck
         * @static
         * @param {moemeshmarket.ReceiptAck} message ReceiptAck
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ReceiptAck.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.status = options.enums === $String ? "ACCEPTED" : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.lane = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.lane = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seq = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seq = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.cumulativeMicro = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.cumulativeMicro = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
            }
            if (message.status != null && $Object.hasOwnProperty.call(message, "status"))
                object.status = options.enums === $String ? $root.moemeshmarket.ReceiptAck.Status[message.status] === $undefined ? message.status : $root.moemeshmarket.ReceiptAck.Status[message.status] : message.status;
            if (message.lane != null && $Object.hasOwnProperty.call(message, "lane"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.lane = typeof message.lane === "number" ? $BigInt(message.lane) : $util.Long.fromBits(message.lane.low >>> 0, message.lane.high >>> 0, true).toBigInt();
                else if (typeof message.lane === "number")
                    object.lane = options.longs === $String ? $String(message.lane) : message.lane;
                else
                    object.lane = options.longs === $String ? $util.Long.prototype.toString.call(message.lane) : options.longs === $Number ? new $util.LongBits(message.lane.low >>> 0, message.lane.high >>> 0).toNumber(true) : message.lane;
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seq = typeof message.seq === "number" ? $BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                else if (typeof message.seq === "number")
                    object.seq = options.longs === $String ? $String(message.seq) : message.seq;
                else
                    object.seq = options.longs === $String ? $util.Long.prototype.toString.call(message.seq) : options.longs === $Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
            if (message.cumulativeMicro != null && $Object.hasOwnProperty.call(message, "cumulativeMicro"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.cumulativeMicro = typeof message.cumulativeMicro === "number" ? $BigInt(message.cumulativeMicro) : $util.Long.fromBits(message.cumulativeMicro.low >>> 0, message.cumulativeMicro.high >>> 0, true).toBigInt();
                else if (typeof message.cumulativeMicro === "number")
                    object.cumulativeMicro = options.longs === $String ? $String(message.cumulativeMicro) : message.cumulativeMicro;
                else
                    object.cumulativeMicro = options.longs === $String ? $util.Long.prototype.toString.call(message.cumulativeMicro) : options.longs === $Number ? new $util.LongBits(message.cumulativeMicro.low >>> 0, message.cumulativeMicro.high >>> 0).toNumber(true) : message.cumulativeMicro;
            return object;
        };

        /**
         * Converts this ReceiptAck to JSON.
         * @function toJSON
         * @memberof moemeshmarket.ReceiptAck
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ReceiptAck.prototype.toJSON = function() {
            return ReceiptAck.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ReceiptAck
         * @function getTypeUrl
         * @memberof moemeshmarket.ReceiptAck
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ReceiptAck.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemeshmarket.ReceiptAck";
        };

        /**
         * Status enum.
         * @name moemeshmarket.ReceiptAck.Status
         * @enum {number}
         * @property {number} ACCEPTED=0 ACCEPTED value
         * @property {number} STALE=1 STALE value
         * @property {number} INVALID=2 INVALID value
         * @property {number} BUSY=3 BUSY value
         */
        ReceiptAck.Status = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ACCEPTED"] = 0;
            values[valuesById[1] = "STALE"] = 1;
            values[valuesById[2] = "INVALID"] = 2;
            values[valuesById[3] = "BUSY"] = 3;
            return values;
        })();

        return ReceiptAck;
    })();

    return moemeshmarket;
})();

export {
  $root as default
};
