/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

$protobuf.util.Long = undefined;
$protobuf.configure();

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $String = $util.global.String, $Array = $util.global.Array, $Number = $util.global.Number, $isFinite = $util.global.isFinite, $parseInt = $util.global.parseInt, $BigInt = $util.global.BigInt, $Boolean = $util.global.Boolean;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const moemesh = $root.moemesh = (() => {

    /**
     * Namespace moemesh.
     * @exports moemesh
     * @namespace
     */
    const moemesh = {};

    moemesh.ExpertCard = (function() {

        /**
         * Properties of an ExpertCard.
         * @typedef {Object} moemesh.ExpertCard.$Properties
         * @property {Uint8Array|null} [expertId] ExpertCard expertId
         * @property {string|null} [name] ExpertCard name
         * @property {string|null} [version] ExpertCard version
         * @property {string|null} [task] ExpertCard task
         * @property {string|null} [description] ExpertCard description
         * @property {Array.<string>|null} [labels] ExpertCard labels
         * @property {string|null} [spaceId] ExpertCard spaceId
         * @property {number|null} [dim] ExpertCard dim
         * @property {number|null} [centroidCount] ExpertCard centroidCount
         * @property {Array.<number>|null} [centroids] ExpertCard centroids
         * @property {number|null} [price] ExpertCard price
         * @property {number|null} [load] ExpertCard load
         * @property {string|null} [inputKind] ExpertCard inputKind
         * @property {number|null} [accuracy] ExpertCard accuracy
         * @property {moemesh.Gate.$Properties|null} [gate] ExpertCard gate
         * @property {Uint8Array|null} [modelSha256] ExpertCard modelSha256
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an ExpertCard.
         * @memberof moemesh
         * @interface IExpertCard
         * @augments moemesh.ExpertCard.$Properties
         * @deprecated Use moemesh.ExpertCard.$Properties instead.
         */

        /**
         * Shape of an ExpertCard.
         * @typedef {moemesh.ExpertCard.$Properties} moemesh.ExpertCard.$Shape
         */

        /**
         * Constructs a new ExpertCard.
         * @memberof moemesh
         * @classdesc Represents an ExpertCard.
         * @constructor
         * @param {moemesh.ExpertCard.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ExpertCard = function (properties) {
            this.labels = [];
            this.centroids = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ExpertCard expertId.
         * @member {Uint8Array} expertId
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.expertId = $util.newBuffer([]);

        /**
         * ExpertCard name.
         * @member {string} name
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.name = "";

        /**
         * ExpertCard version.
         * @member {string} version
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.version = "";

        /**
         * ExpertCard task.
         * @member {string} task
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.task = "";

        /**
         * ExpertCard description.
         * @member {string} description
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.description = "";

        /**
         * ExpertCard labels.
         * @member {Array.<string>} labels
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.labels = $util.emptyArray;

        /**
         * ExpertCard spaceId.
         * @member {string} spaceId
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.spaceId = "";

        /**
         * ExpertCard dim.
         * @member {number} dim
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.dim = 0;

        /**
         * ExpertCard centroidCount.
         * @member {number} centroidCount
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.centroidCount = 0;

        /**
         * ExpertCard centroids.
         * @member {Array.<number>} centroids
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.centroids = $util.emptyArray;

        /**
         * ExpertCard price.
         * @member {number} price
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.price = 0;

        /**
         * ExpertCard load.
         * @member {number} load
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.load = 0;

        /**
         * ExpertCard inputKind.
         * @member {string} inputKind
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.inputKind = "";

        /**
         * ExpertCard accuracy.
         * @member {number} accuracy
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.accuracy = 0;

        /**
         * ExpertCard gate.
         * @member {moemesh.Gate.$Properties|null|undefined} gate
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.gate = null;

        /**
         * ExpertCard modelSha256.
         * @member {Uint8Array} modelSha256
         * @memberof moemesh.ExpertCard
         * @instance
         */
        ExpertCard.prototype.modelSha256 = $util.newBuffer([]);

        /**
         * Creates a new ExpertCard instance using the specified properties.
         * @function create
         * @memberof moemesh.ExpertCard
         * @static
         * @param {moemesh.ExpertCard.$Properties=} [properties] Properties to set
         * @returns {moemesh.ExpertCard} ExpertCard instance
         * @type {{
         *   (properties: moemesh.ExpertCard.$Shape): moemesh.ExpertCard & moemesh.ExpertCard.$Shape;
         *   (properties?: moemesh.ExpertCard.$Properties): moemesh.ExpertCard;
         * }}
         */
        ExpertCard.create = function(properties) {
            return new ExpertCard(properties);
        };

        /**
         * Encodes the specified ExpertCard message. Does not implicitly {@link moemesh.ExpertCard.verify|verify} messages.
         * @function encode
         * @memberof moemesh.ExpertCard
         * @static
         * @param {moemesh.ExpertCard.$Properties} message ExpertCard message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ExpertCard.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.expertId != null && $Object.hasOwnProperty.call(message, "expertId") && message.expertId.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.expertId);
            if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.name);
            if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.version);
            if (message.task != null && $Object.hasOwnProperty.call(message, "task") && message.task !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.task);
            if (message.description != null && $Object.hasOwnProperty.call(message, "description") && message.description !== "")
                writer.uint32(/* id 5, wireType 2 =*/42).string(message.description);
            if (message.labels != null && message.labels.length)
                for (let i = 0; i < message.labels.length; ++i)
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.labels[i]);
            if (message.spaceId != null && $Object.hasOwnProperty.call(message, "spaceId") && message.spaceId !== "")
                writer.uint32(/* id 7, wireType 2 =*/58).string(message.spaceId);
            if (message.dim != null && $Object.hasOwnProperty.call(message, "dim") && message.dim !== 0)
                writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.dim);
            if (message.centroidCount != null && $Object.hasOwnProperty.call(message, "centroidCount") && message.centroidCount !== 0)
                writer.uint32(/* id 9, wireType 0 =*/72).uint32(message.centroidCount);
            if (message.centroids != null && message.centroids.length)
                writer.uint32(/* id 10, wireType 2 =*/82).floats(message.centroids);
            if (message.price != null && $Object.hasOwnProperty.call(message, "price") && !$Object.is(message.price, 0))
                writer.uint32(/* id 11, wireType 1 =*/89).double(message.price);
            if (message.load != null && $Object.hasOwnProperty.call(message, "load") && !$Object.is(message.load, 0))
                writer.uint32(/* id 12, wireType 5 =*/101).float(message.load);
            if (message.inputKind != null && $Object.hasOwnProperty.call(message, "inputKind") && message.inputKind !== "")
                writer.uint32(/* id 13, wireType 2 =*/106).string(message.inputKind);
            if (message.accuracy != null && $Object.hasOwnProperty.call(message, "accuracy") && !$Object.is(message.accuracy, 0))
                writer.uint32(/* id 14, wireType 5 =*/117).float(message.accuracy);
            if (message.gate != null && $Object.hasOwnProperty.call(message, "gate"))
                $root.moemesh.Gate.encode(message.gate, writer.uint32(/* id 15, wireType 2 =*/122).fork(), _depth + 1).ldelim();
            if (message.modelSha256 != null && $Object.hasOwnProperty.call(message, "modelSha256") && message.modelSha256.length)
                writer.uint32(/* id 16, wireType 2 =*/130).bytes(message.modelSha256);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an ExpertCard message from the specified reader or buffer.
         * @function decode
         * @memberof moemesh.ExpertCard
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemesh.ExpertCard & moemesh.ExpertCard.$Shape} ExpertCard
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ExpertCard.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemesh.ExpertCard();
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
                            message.expertId = value;
                        else
                            delete message.expertId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.name = value;
                        else
                            delete message.name;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.version = value;
                        else
                            delete message.version;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.task = value;
                        else
                            delete message.task;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.description = value;
                        else
                            delete message.description;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if (!(message.labels && message.labels.length))
                            message.labels = [];
                        message.labels.push(reader.stringVerify());
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.spaceId = value;
                        else
                            delete message.spaceId;
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.dim = value;
                        else
                            delete message.dim;
                        continue;
                    }
                case 9: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.centroidCount = value;
                        else
                            delete message.centroidCount;
                        continue;
                    }
                case 10: {
                        if (wireType === 2) {
                            if (!(message.centroids && message.centroids.length))
                                message.centroids = [];
                            reader.floats(message.centroids);
                            continue;
                        }
                        if (wireType !== 5)
                            break;
                        if (!(message.centroids && message.centroids.length))
                            message.centroids = [];
                        message.centroids.push(reader.float());
                        continue;
                    }
                case 11: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.price = value;
                        else
                            delete message.price;
                        continue;
                    }
                case 12: {
                        if (wireType !== 5)
                            break;
                        if (!$Object.is(value = reader.float(), 0))
                            message.load = value;
                        else
                            delete message.load;
                        continue;
                    }
                case 13: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.inputKind = value;
                        else
                            delete message.inputKind;
                        continue;
                    }
                case 14: {
                        if (wireType !== 5)
                            break;
                        if (!$Object.is(value = reader.float(), 0))
                            message.accuracy = value;
                        else
                            delete message.accuracy;
                        continue;
                    }
                case 15: {
                        if (wireType !== 2)
                            break;
                        message.gate = $root.moemesh.Gate.decode(reader, reader.size(), $undefined, _depth + 1, message.gate);
                        continue;
                    }
                case 16: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.modelSha256 = value;
                        else
                            delete message.modelSha256;
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
         * Creates an ExpertCard message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemesh.ExpertCard
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemesh.ExpertCard} ExpertCard
         */
        ExpertCard.fromObject = function (object, _depth) {
            if (object instanceof $root.moemesh.ExpertCard)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemesh.ExpertCard: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemesh.ExpertCard();
            if (object.expertId != null)
                if (object.expertId.length)
                    if (typeof object.expertId === "string")
                        $util.base64.decode(object.expertId, message.expertId = $util.newBuffer($util.base64.length(object.expertId)), 0);
                    else if (object.expertId.length >= 0)
                        message.expertId = object.expertId;
            if (object.name != null)
                if (typeof object.name !== "string" || object.name.length)
                    message.name = $String(object.name);
            if (object.version != null)
                if (typeof object.version !== "string" || object.version.length)
                    message.version = $String(object.version);
            if (object.task != null)
                if (typeof object.task !== "string" || object.task.length)
                    message.task = $String(object.task);
            if (object.description != null)
                if (typeof object.description !== "string" || object.description.length)
                    message.description = $String(object.description);
            if (object.labels) {
                if (!$Array.isArray(object.labels))
                    throw $TypeError(".moemesh.ExpertCard.labels: array expected");
                message.labels = $Array(object.labels.length);
                for (let i = 0; i < object.labels.length; ++i)
                    message.labels[i] = $String(object.labels[i]);
            }
            if (object.spaceId != null)
                if (typeof object.spaceId !== "string" || object.spaceId.length)
                    message.spaceId = $String(object.spaceId);
            if (object.dim != null)
                if ($Number(object.dim) !== 0)
                    message.dim = object.dim >>> 0;
            if (object.centroidCount != null)
                if ($Number(object.centroidCount) !== 0)
                    message.centroidCount = object.centroidCount >>> 0;
            if (object.centroids) {
                if (!$Array.isArray(object.centroids))
                    throw $TypeError(".moemesh.ExpertCard.centroids: array expected");
                message.centroids = $Array(object.centroids.length);
                for (let i = 0; i < object.centroids.length; ++i)
                    message.centroids[i] = $Number(object.centroids[i]);
            }
            if (object.price != null)
                if (!$Object.is($Number(object.price), 0))
                    message.price = $Number(object.price);
            if (object.load != null)
                if (!$Object.is($Number(object.load), 0))
                    message.load = $Number(object.load);
            if (object.inputKind != null)
                if (typeof object.inputKind !== "string" || object.inputKind.length)
                    message.inputKind = $String(object.inputKind);
            if (object.accuracy != null)
                if (!$Object.is($Number(object.accuracy), 0))
                    message.accuracy = $Number(object.accuracy);
            if (object.gate != null) {
                if (!$util.isObject(object.gate))
                    throw $TypeError(".moemesh.ExpertCard.gate: object expected");
                message.gate = $root.moemesh.Gate.fromObject(object.gate, _depth + 1);
            }
            if (object.modelSha256 != null)
                if (object.modelSha256.length)
                    if (typeof object.modelSha256 === "string")
                        $util.base64.decode(object.modelSha256, message.modelSha256 = $util.newBuffer($util.base64.length(object.modelSha256)), 0);
                    else if (object.modelSha256.length >= 0)
                        message.modelSha256 = object.modelSha256;
            return message;
        };

        /**
         * Creates a plain object from an ExpertCard message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemesh.ExpertCard
         * @static
         * @param {moemesh.ExpertCard} message ExpertCard
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ExpertCard.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.labels = [];
                object.centroids = [];
            }
            if (options.defaults) {
                if (options.bytes === $String)
                    object.expertId = "";
                else {
                    object.expertId = [];
                    if (options.bytes !== $Array)
                        object.expertId = $util.newBuffer(object.expertId);
                }
                object.name = "";
                object.version = "";
                object.task = "";
                object.description = "";
                object.spaceId = "";
                object.dim = 0;
                object.centroidCount = 0;
                object.price = 0;
                object.load = 0;
                object.inputKind = "";
                object.accuracy = 0;
                object.gate = null;
                if (options.bytes === $String)
                    object.modelSha256 = "";
                else {
                    object.modelSha256 = [];
                    if (options.bytes !== $Array)
                        object.modelSha256 = $util.newBuffer(object.modelSha256);
                }
            }
            if (message.expertId != null && $Object.hasOwnProperty.call(message, "expertId"))
                object.expertId = options.bytes === $String ? $util.base64.encode(message.expertId, 0, message.expertId.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.expertId) : message.expertId;
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                object.name = message.name;
            if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                object.version = message.version;
            if (message.task != null && $Object.hasOwnProperty.call(message, "task"))
                object.task = message.task;
            if (message.description != null && $Object.hasOwnProperty.call(message, "description"))
                object.description = message.description;
            if (message.labels && message.labels.length) {
                object.labels = $Array(message.labels.length);
                for (let j = 0; j < message.labels.length; ++j)
                    object.labels[j] = message.labels[j];
            }
            if (message.spaceId != null && $Object.hasOwnProperty.call(message, "spaceId"))
                object.spaceId = message.spaceId;
            if (message.dim != null && $Object.hasOwnProperty.call(message, "dim"))
                object.dim = message.dim;
            if (message.centroidCount != null && $Object.hasOwnProperty.call(message, "centroidCount"))
                object.centroidCount = message.centroidCount;
            if (message.centroids && message.centroids.length) {
                object.centroids = $Array(message.centroids.length);
                for (let j = 0; j < message.centroids.length; ++j)
                    object.centroids[j] = options.json && !$isFinite(message.centroids[j]) ? $String(message.centroids[j]) : message.centroids[j];
            }
            if (message.price != null && $Object.hasOwnProperty.call(message, "price"))
                object.price = options.json && !$isFinite(message.price) ? $String(message.price) : message.price;
            if (message.load != null && $Object.hasOwnProperty.call(message, "load"))
                object.load = options.json && !$isFinite(message.load) ? $String(message.load) : message.load;
            if (message.inputKind != null && $Object.hasOwnProperty.call(message, "inputKind"))
                object.inputKind = message.inputKind;
            if (message.accuracy != null && $Object.hasOwnProperty.call(message, "accuracy"))
                object.accuracy = options.json && !$isFinite(message.accuracy) ? $String(message.accuracy) : message.accuracy;
            if (message.gate != null && $Object.hasOwnProperty.call(message, "gate"))
                object.gate = $root.moemesh.Gate.toObject(message.gate, options, _depth + 1);
            if (message.modelSha256 != null && $Object.hasOwnProperty.call(message, "modelSha256"))
                object.modelSha256 = options.bytes === $String ? $util.base64.encode(message.modelSha256, 0, message.modelSha256.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.modelSha256) : message.modelSha256;
            return object;
        };

        /**
         * Converts this ExpertCard to JSON.
         * @function toJSON
         * @memberof moemesh.ExpertCard
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ExpertCard.prototype.toJSON = function() {
            return ExpertCard.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ExpertCard
         * @function getTypeUrl
         * @memberof moemesh.ExpertCard
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ExpertCard.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemesh.ExpertCard";
        };

        return ExpertCard;
    })();

    moemesh.Gate = (function() {

        /**
         * Properties of a Gate.
         * @typedef {Object} moemesh.Gate.$Properties
         * @property {Uint8Array|null} [weights] Gate weights
         * @property {number|null} [scale] Gate scale
         * @property {number|null} [bias] Gate bias
         * @property {number|null} [abstainBelow] Gate abstainBelow
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Gate.
         * @memberof moemesh
         * @interface IGate
         * @augments moemesh.Gate.$Properties
         * @deprecated Use moemesh.Gate.$Properties instead.
         */

        /**
         * Shape of a Gate.
         * @typedef {moemesh.Gate.$Properties} moemesh.Gate.$Shape
         */

        /**
         * Constructs a new Gate.
         * @memberof moemesh
         * @classdesc Represents a Gate.
         * @constructor
         * @param {moemesh.Gate.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Gate = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Gate weights.
         * @member {Uint8Array} weights
         * @memberof moemesh.Gate
         * @instance
         */
        Gate.prototype.weights = $util.newBuffer([]);

        /**
         * Gate scale.
         * @member {number} scale
         * @memberof moemesh.Gate
         * @instance
         */
        Gate.prototype.scale = 0;

        /**
         * Gate bias.
         * @member {number} bias
         * @memberof moemesh.Gate
         * @instance
         */
        Gate.prototype.bias = 0;

        /**
         * Gate abstainBelow.
         * @member {number} abstainBelow
         * @memberof moemesh.Gate
         * @instance
         */
        Gate.prototype.abstainBelow = 0;

        /**
         * Creates a new Gate instance using the specified properties.
         * @function create
         * @memberof moemesh.Gate
         * @static
         * @param {moemesh.Gate.$Properties=} [properties] Properties to set
         * @returns {moemesh.Gate} Gate instance
         * @type {{
         *   (properties: moemesh.Gate.$Shape): moemesh.Gate & moemesh.Gate.$Shape;
         *   (properties?: moemesh.Gate.$Properties): moemesh.Gate;
         * }}
         */
        Gate.create = function(properties) {
            return new Gate(properties);
        };

        /**
         * Encodes the specified Gate message. Does not implicitly {@link moemesh.Gate.verify|verify} messages.
         * @function encode
         * @memberof moemesh.Gate
         * @static
         * @param {moemesh.Gate.$Properties} message Gate message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Gate.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.weights != null && $Object.hasOwnProperty.call(message, "weights") && message.weights.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.weights);
            if (message.scale != null && $Object.hasOwnProperty.call(message, "scale") && !$Object.is(message.scale, 0))
                writer.uint32(/* id 2, wireType 5 =*/21).float(message.scale);
            if (message.bias != null && $Object.hasOwnProperty.call(message, "bias") && !$Object.is(message.bias, 0))
                writer.uint32(/* id 3, wireType 5 =*/29).float(message.bias);
            if (message.abstainBelow != null && $Object.hasOwnProperty.call(message, "abstainBelow") && !$Object.is(message.abstainBelow, 0))
                writer.uint32(/* id 4, wireType 5 =*/37).float(message.abstainBelow);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Gate message from the specified reader or buffer.
         * @function decode
         * @memberof moemesh.Gate
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemesh.Gate & moemesh.Gate.$Shape} Gate
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Gate.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemesh.Gate();
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
                            message.weights = value;
                        else
                            delete message.weights;
                        continue;
                    }
                case 2: {
                        if (wireType !== 5)
                            break;
                        if (!$Object.is(value = reader.float(), 0))
                            message.scale = value;
                        else
                            delete message.scale;
                        continue;
                    }
                case 3: {
                        if (wireType !== 5)
                            break;
                        if (!$Object.is(value = reader.float(), 0))
                            message.bias = value;
                        else
                            delete message.bias;
                        continue;
                    }
                case 4: {
                        if (wireType !== 5)
                            break;
                        if (!$Object.is(value = reader.float(), 0))
                            message.abstainBelow = value;
                        else
                            delete message.abstainBelow;
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
         * Creates a Gate message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemesh.Gate
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemesh.Gate} Gate
         */
        Gate.fromObject = function (object, _depth) {
            if (object instanceof $root.moemesh.Gate)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemesh.Gate: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemesh.Gate();
            if (object.weights != null)
                if (object.weights.length)
                    if (typeof object.weights === "string")
                        $util.base64.decode(object.weights, message.weights = $util.newBuffer($util.base64.length(object.weights)), 0);
                    else if (object.weights.length >= 0)
                        message.weights = object.weights;
            if (object.scale != null)
                if (!$Object.is($Number(object.scale), 0))
                    message.scale = $Number(object.scale);
            if (object.bias != null)
                if (!$Object.is($Number(object.bias), 0))
                    message.bias = $Number(object.bias);
            if (object.abstainBelow != null)
                if (!$Object.is($Number(object.abstainBelow), 0))
                    message.abstainBelow = $Number(object.abstainBelow);
            return message;
        };

        /**
         * Creates a plain object from a Gate message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemesh.Gate
         * @static
         * @param {moemesh.Gate} message Gate
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Gate.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if (options.bytes === $String)
                    object.weights = "";
                else {
                    object.weights = [];
                    if (options.bytes !== $Array)
                        object.weights = $util.newBuffer(object.weights);
                }
                object.scale = 0;
                object.bias = 0;
                object.abstainBelow = 0;
            }
            if (message.weights != null && $Object.hasOwnProperty.call(message, "weights"))
                object.weights = options.bytes === $String ? $util.base64.encode(message.weights, 0, message.weights.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.weights) : message.weights;
            if (message.scale != null && $Object.hasOwnProperty.call(message, "scale"))
                object.scale = options.json && !$isFinite(message.scale) ? $String(message.scale) : message.scale;
            if (message.bias != null && $Object.hasOwnProperty.call(message, "bias"))
                object.bias = options.json && !$isFinite(message.bias) ? $String(message.bias) : message.bias;
            if (message.abstainBelow != null && $Object.hasOwnProperty.call(message, "abstainBelow"))
                object.abstainBelow = options.json && !$isFinite(message.abstainBelow) ? $String(message.abstainBelow) : message.abstainBelow;
            return object;
        };

        /**
         * Converts this Gate to JSON.
         * @function toJSON
         * @memberof moemesh.Gate
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Gate.prototype.toJSON = function() {
            return Gate.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for Gate
         * @function getTypeUrl
         * @memberof moemesh.Gate
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Gate.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemesh.Gate";
        };

        return Gate;
    })();

    moemesh.NodeAdvert = (function() {

        /**
         * Properties of a NodeAdvert.
         * @typedef {Object} moemesh.NodeAdvert.$Properties
         * @property {Uint8Array|null} [peerId] NodeAdvert peerId
         * @property {number|null} [seqno] NodeAdvert seqno
         * @property {number|null} [expiresAtMs] NodeAdvert expiresAtMs
         * @property {Array.<Uint8Array>|null} [addrs] NodeAdvert addrs
         * @property {Array.<moemesh.ExpertCard.$Properties>|null} [cards] NodeAdvert cards
         * @property {string|null} [spaceId] NodeAdvert spaceId
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a NodeAdvert.
         * @memberof moemesh
         * @interface INodeAdvert
         * @augments moemesh.NodeAdvert.$Properties
         * @deprecated Use moemesh.NodeAdvert.$Properties instead.
         */

        /**
         * Shape of a NodeAdvert.
         * @typedef {moemesh.NodeAdvert.$Properties} moemesh.NodeAdvert.$Shape
         */

        /**
         * Constructs a new NodeAdvert.
         * @memberof moemesh
         * @classdesc Represents a NodeAdvert.
         * @constructor
         * @param {moemesh.NodeAdvert.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const NodeAdvert = function (properties) {
            this.addrs = [];
            this.cards = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * NodeAdvert peerId.
         * @member {Uint8Array} peerId
         * @memberof moemesh.NodeAdvert
         * @instance
         */
        NodeAdvert.prototype.peerId = $util.newBuffer([]);

        /**
         * NodeAdvert seqno.
         * @member {number} seqno
         * @memberof moemesh.NodeAdvert
         * @instance
         */
        NodeAdvert.prototype.seqno = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * NodeAdvert expiresAtMs.
         * @member {number} expiresAtMs
         * @memberof moemesh.NodeAdvert
         * @instance
         */
        NodeAdvert.prototype.expiresAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * NodeAdvert addrs.
         * @member {Array.<Uint8Array>} addrs
         * @memberof moemesh.NodeAdvert
         * @instance
         */
        NodeAdvert.prototype.addrs = $util.emptyArray;

        /**
         * NodeAdvert cards.
         * @member {Array.<moemesh.ExpertCard.$Properties>} cards
         * @memberof moemesh.NodeAdvert
         * @instance
         */
        NodeAdvert.prototype.cards = $util.emptyArray;

        /**
         * NodeAdvert spaceId.
         * @member {string} spaceId
         * @memberof moemesh.NodeAdvert
         * @instance
         */
        NodeAdvert.prototype.spaceId = "";

        /**
         * Creates a new NodeAdvert instance using the specified properties.
         * @function create
         * @memberof moemesh.NodeAdvert
         * @static
         * @param {moemesh.NodeAdvert.$Properties=} [properties] Properties to set
         * @returns {moemesh.NodeAdvert} NodeAdvert instance
         * @type {{
         *   (properties: moemesh.NodeAdvert.$Shape): moemesh.NodeAdvert & moemesh.NodeAdvert.$Shape;
         *   (properties?: moemesh.NodeAdvert.$Properties): moemesh.NodeAdvert;
         * }}
         */
        NodeAdvert.create = function(properties) {
            return new NodeAdvert(properties);
        };

        /**
         * Encodes the specified NodeAdvert message. Does not implicitly {@link moemesh.NodeAdvert.verify|verify} messages.
         * @function encode
         * @memberof moemesh.NodeAdvert
         * @static
         * @param {moemesh.NodeAdvert.$Properties} message NodeAdvert message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        NodeAdvert.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.peerId != null && $Object.hasOwnProperty.call(message, "peerId") && message.peerId.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.peerId);
            if (message.seqno != null && $Object.hasOwnProperty.call(message, "seqno") && (typeof message.seqno === "object" ? message.seqno.low || message.seqno.high : message.seqno !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seqno);
            if (message.expiresAtMs != null && $Object.hasOwnProperty.call(message, "expiresAtMs") && (typeof message.expiresAtMs === "object" ? message.expiresAtMs.low || message.expiresAtMs.high : message.expiresAtMs !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.expiresAtMs);
            if (message.addrs != null && message.addrs.length)
                for (let i = 0; i < message.addrs.length; ++i)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.addrs[i]);
            if (message.cards != null && message.cards.length)
                for (let i = 0; i < message.cards.length; ++i)
                    $root.moemesh.ExpertCard.encode(message.cards[i], writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.spaceId != null && $Object.hasOwnProperty.call(message, "spaceId") && message.spaceId !== "")
                writer.uint32(/* id 6, wireType 2 =*/50).string(message.spaceId);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a NodeAdvert message from the specified reader or buffer.
         * @function decode
         * @memberof moemesh.NodeAdvert
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemesh.NodeAdvert & moemesh.NodeAdvert.$Shape} NodeAdvert
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        NodeAdvert.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemesh.NodeAdvert();
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
                            message.peerId = value;
                        else
                            delete message.peerId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.seqno = value;
                        else
                            delete message.seqno;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.expiresAtMs = value;
                        else
                            delete message.expiresAtMs;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.addrs && message.addrs.length))
                            message.addrs = [];
                        message.addrs.push(reader.bytes());
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (!(message.cards && message.cards.length))
                            message.cards = [];
                        message.cards.push($root.moemesh.ExpertCard.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.spaceId = value;
                        else
                            delete message.spaceId;
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
         * Creates a NodeAdvert message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemesh.NodeAdvert
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemesh.NodeAdvert} NodeAdvert
         */
        NodeAdvert.fromObject = function (object, _depth) {
            if (object instanceof $root.moemesh.NodeAdvert)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemesh.NodeAdvert: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemesh.NodeAdvert();
            if (object.peerId != null)
                if (object.peerId.length)
                    if (typeof object.peerId === "string")
                        $util.base64.decode(object.peerId, message.peerId = $util.newBuffer($util.base64.length(object.peerId)), 0);
                    else if (object.peerId.length >= 0)
                        message.peerId = object.peerId;
            if (object.seqno != null)
                if (typeof object.seqno === "object" ? object.seqno.low || object.seqno.high : $Number(object.seqno) !== 0)
                    if ($util.Long)
                        message.seqno = $util.Long.fromValue(object.seqno, true);
                    else if (typeof object.seqno === "string")
                        message.seqno = $parseInt(object.seqno, 10);
                    else if (typeof object.seqno === "number")
                        message.seqno = object.seqno;
                    else if (typeof object.seqno === "object")
                        message.seqno = new $util.LongBits(object.seqno.low >>> 0, object.seqno.high >>> 0).toNumber(true);
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
            if (object.addrs) {
                if (!$Array.isArray(object.addrs))
                    throw $TypeError(".moemesh.NodeAdvert.addrs: array expected");
                message.addrs = $Array(object.addrs.length);
                for (let i = 0; i < object.addrs.length; ++i)
                    if (typeof object.addrs[i] === "string")
                        $util.base64.decode(object.addrs[i], message.addrs[i] = $util.newBuffer($util.base64.length(object.addrs[i])), 0);
                    else if (object.addrs[i].length >= 0)
                        message.addrs[i] = object.addrs[i];
            }
            if (object.cards) {
                if (!$Array.isArray(object.cards))
                    throw $TypeError(".moemesh.NodeAdvert.cards: array expected");
                message.cards = $Array(object.cards.length);
                for (let i = 0; i < object.cards.length; ++i) {
                    if (!$util.isObject(object.cards[i]))
                        throw $TypeError(".moemesh.NodeAdvert.cards: object expected");
                    message.cards[i] = $root.moemesh.ExpertCard.fromObject(object.cards[i], _depth + 1);
                }
            }
            if (object.spaceId != null)
                if (typeof object.spaceId !== "string" || object.spaceId.length)
                    message.spaceId = $String(object.spaceId);
            return message;
        };

        /**
         * Creates a plain object from a NodeAdvert message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemesh.NodeAdvert
         * @static
         * @param {moemesh.NodeAdvert} message NodeAdvert
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        NodeAdvert.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.addrs = [];
                object.cards = [];
            }
            if (options.defaults) {
                if (options.bytes === $String)
                    object.peerId = "";
                else {
                    object.peerId = [];
                    if (options.bytes !== $Array)
                        object.peerId = $util.newBuffer(object.peerId);
                }
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.seqno = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.seqno = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.expiresAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.expiresAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.spaceId = "";
            }
            if (message.peerId != null && $Object.hasOwnProperty.call(message, "peerId"))
                object.peerId = options.bytes === $String ? $util.base64.encode(message.peerId, 0, message.peerId.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.peerId) : message.peerId;
            if (message.seqno != null && $Object.hasOwnProperty.call(message, "seqno"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.seqno = typeof message.seqno === "number" ? $BigInt(message.seqno) : $util.Long.fromBits(message.seqno.low >>> 0, message.seqno.high >>> 0, true).toBigInt();
                else if (typeof message.seqno === "number")
                    object.seqno = options.longs === $String ? $String(message.seqno) : message.seqno;
                else
                    object.seqno = options.longs === $String ? $util.Long.prototype.toString.call(message.seqno) : options.longs === $Number ? new $util.LongBits(message.seqno.low >>> 0, message.seqno.high >>> 0).toNumber(true) : message.seqno;
            if (message.expiresAtMs != null && $Object.hasOwnProperty.call(message, "expiresAtMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.expiresAtMs = typeof message.expiresAtMs === "number" ? $BigInt(message.expiresAtMs) : $util.Long.fromBits(message.expiresAtMs.low >>> 0, message.expiresAtMs.high >>> 0, true).toBigInt();
                else if (typeof message.expiresAtMs === "number")
                    object.expiresAtMs = options.longs === $String ? $String(message.expiresAtMs) : message.expiresAtMs;
                else
                    object.expiresAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.expiresAtMs) : options.longs === $Number ? new $util.LongBits(message.expiresAtMs.low >>> 0, message.expiresAtMs.high >>> 0).toNumber(true) : message.expiresAtMs;
            if (message.addrs && message.addrs.length) {
                object.addrs = $Array(message.addrs.length);
                for (let j = 0; j < message.addrs.length; ++j)
                    object.addrs[j] = options.bytes === $String ? $util.base64.encode(message.addrs[j], 0, message.addrs[j].length) : options.bytes === $Array ? $Array.prototype.slice.call(message.addrs[j]) : message.addrs[j];
            }
            if (message.cards && message.cards.length) {
                object.cards = $Array(message.cards.length);
                for (let j = 0; j < message.cards.length; ++j)
                    object.cards[j] = $root.moemesh.ExpertCard.toObject(message.cards[j], options, _depth + 1);
            }
            if (message.spaceId != null && $Object.hasOwnProperty.call(message, "spaceId"))
                object.spaceId = message.spaceId;
            return object;
        };

        /**
         * Converts this NodeAdvert to JSON.
         * @function toJSON
         * @memberof moemesh.NodeAdvert
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        NodeAdvert.prototype.toJSON = function() {
            return NodeAdvert.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for NodeAdvert
         * @function getTypeUrl
         * @memberof moemesh.NodeAdvert
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        NodeAdvert.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemesh.NodeAdvert";
        };

        return NodeAdvert;
    })();

    moemesh.SignedAdvert = (function() {

        /**
         * Properties of a SignedAdvert.
         * @typedef {Object} moemesh.SignedAdvert.$Properties
         * @property {Uint8Array|null} [advert] SignedAdvert advert
         * @property {Uint8Array|null} [publicKey] SignedAdvert publicKey
         * @property {Uint8Array|null} [signature] SignedAdvert signature
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a SignedAdvert.
         * @memberof moemesh
         * @interface ISignedAdvert
         * @augments moemesh.SignedAdvert.$Properties
         * @deprecated Use moemesh.SignedAdvert.$Properties instead.
         */

        /**
         * Shape of a SignedAdvert.
         * @typedef {moemesh.SignedAdvert.$Properties} moemesh.SignedAdvert.$Shape
         */

        /**
         * Constructs a new SignedAdvert.
         * @memberof moemesh
         * @classdesc Represents a SignedAdvert.
         * @constructor
         * @param {moemesh.SignedAdvert.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const SignedAdvert = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * SignedAdvert advert.
         * @member {Uint8Array} advert
         * @memberof moemesh.SignedAdvert
         * @instance
         */
        SignedAdvert.prototype.advert = $util.newBuffer([]);

        /**
         * SignedAdvert publicKey.
         * @member {Uint8Array} publicKey
         * @memberof moemesh.SignedAdvert
         * @instance
         */
        SignedAdvert.prototype.publicKey = $util.newBuffer([]);

        /**
         * SignedAdvert signature.
         * @member {Uint8Array} signature
         * @memberof moemesh.SignedAdvert
         * @instance
         */
        SignedAdvert.prototype.signature = $util.newBuffer([]);

        /**
         * Creates a new SignedAdvert instance using the specified properties.
         * @function create
         * @memberof moemesh.SignedAdvert
         * @static
         * @param {moemesh.SignedAdvert.$Properties=} [properties] Properties to set
         * @returns {moemesh.SignedAdvert} SignedAdvert instance
         * @type {{
         *   (properties: moemesh.SignedAdvert.$Shape): moemesh.SignedAdvert & moemesh.SignedAdvert.$Shape;
         *   (properties?: moemesh.SignedAdvert.$Properties): moemesh.SignedAdvert;
         * }}
         */
        SignedAdvert.create = function(properties) {
            return new SignedAdvert(properties);
        };

        /**
         * Encodes the specified SignedAdvert message. Does not implicitly {@link moemesh.SignedAdvert.verify|verify} messages.
         * @function encode
         * @memberof moemesh.SignedAdvert
         * @static
         * @param {moemesh.SignedAdvert.$Properties} message SignedAdvert message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SignedAdvert.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.advert != null && $Object.hasOwnProperty.call(message, "advert") && message.advert.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.advert);
            if (message.publicKey != null && $Object.hasOwnProperty.call(message, "publicKey") && message.publicKey.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.publicKey);
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature") && message.signature.length)
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.signature);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a SignedAdvert message from the specified reader or buffer.
         * @function decode
         * @memberof moemesh.SignedAdvert
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemesh.SignedAdvert & moemesh.SignedAdvert.$Shape} SignedAdvert
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SignedAdvert.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemesh.SignedAdvert();
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
                            message.advert = value;
                        else
                            delete message.advert;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.publicKey = value;
                        else
                            delete message.publicKey;
                        continue;
                    }
                case 3: {
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
         * Creates a SignedAdvert message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemesh.SignedAdvert
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemesh.SignedAdvert} SignedAdvert
         */
        SignedAdvert.fromObject = function (object, _depth) {
            if (object instanceof $root.moemesh.SignedAdvert)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemesh.SignedAdvert: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemesh.SignedAdvert();
            if (object.advert != null)
                if (object.advert.length)
                    if (typeof object.advert === "string")
                        $util.base64.decode(object.advert, message.advert = $util.newBuffer($util.base64.length(object.advert)), 0);
                    else if (object.advert.length >= 0)
                        message.advert = object.advert;
            if (object.publicKey != null)
                if (object.publicKey.length)
                    if (typeof object.publicKey === "string")
                        $util.base64.decode(object.publicKey, message.publicKey = $util.newBuffer($util.base64.length(object.publicKey)), 0);
                    else if (object.publicKey.length >= 0)
                        message.publicKey = object.publicKey;
            if (object.signature != null)
                if (object.signature.length)
                    if (typeof object.signature === "string")
                        $util.base64.decode(object.signature, message.signature = $util.newBuffer($util.base64.length(object.signature)), 0);
                    else if (object.signature.length >= 0)
                        message.signature = object.signature;
            return message;
        };

        /**
         * Creates a plain object from a SignedAdvert message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemesh.SignedAdvert
         * @static
         * @param {moemesh.SignedAdvert} message SignedAdvert
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        SignedAdvert.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if (options.bytes === $String)
                    object.advert = "";
                else {
                    object.advert = [];
                    if (options.bytes !== $Array)
                        object.advert = $util.newBuffer(object.advert);
                }
                if (options.bytes === $String)
                    object.publicKey = "";
                else {
                    object.publicKey = [];
                    if (options.bytes !== $Array)
                        object.publicKey = $util.newBuffer(object.publicKey);
                }
                if (options.bytes === $String)
                    object.signature = "";
                else {
                    object.signature = [];
                    if (options.bytes !== $Array)
                        object.signature = $util.newBuffer(object.signature);
                }
            }
            if (message.advert != null && $Object.hasOwnProperty.call(message, "advert"))
                object.advert = options.bytes === $String ? $util.base64.encode(message.advert, 0, message.advert.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.advert) : message.advert;
            if (message.publicKey != null && $Object.hasOwnProperty.call(message, "publicKey"))
                object.publicKey = options.bytes === $String ? $util.base64.encode(message.publicKey, 0, message.publicKey.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.publicKey) : message.publicKey;
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature"))
                object.signature = options.bytes === $String ? $util.base64.encode(message.signature, 0, message.signature.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.signature) : message.signature;
            return object;
        };

        /**
         * Converts this SignedAdvert to JSON.
         * @function toJSON
         * @memberof moemesh.SignedAdvert
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        SignedAdvert.prototype.toJSON = function() {
            return SignedAdvert.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for SignedAdvert
         * @function getTypeUrl
         * @memberof moemesh.SignedAdvert
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        SignedAdvert.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemesh.SignedAdvert";
        };

        return SignedAdvert;
    })();

    /**
     * ErrorCode enum.
     * @name moemesh.ErrorCode
     * @enum {number}
     * @property {number} OK=0 OK value
     * @property {number} UNKNOWN_EXPERT=1 UNKNOWN_EXPERT value
     * @property {number} OVERLOADED=2 OVERLOADED value
     * @property {number} DEADLINE_EXCEEDED=3 DEADLINE_EXCEEDED value
     * @property {number} BAD_REQUEST=4 BAD_REQUEST value
     * @property {number} INTERNAL=5 INTERNAL value
     * @property {number} SPACE_MISMATCH=6 SPACE_MISMATCH value
     * @property {number} BUDGET_EXCEEDED=7 BUDGET_EXCEEDED value
     * @property {number} PAYMENT_REQUIRED=8 PAYMENT_REQUIRED value
     */
    moemesh.ErrorCode = (function() {
        const valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "OK"] = 0;
        values[valuesById[1] = "UNKNOWN_EXPERT"] = 1;
        values[valuesById[2] = "OVERLOADED"] = 2;
        values[valuesById[3] = "DEADLINE_EXCEEDED"] = 3;
        values[valuesById[4] = "BAD_REQUEST"] = 4;
        values[valuesById[5] = "INTERNAL"] = 5;
        values[valuesById[6] = "SPACE_MISMATCH"] = 6;
        values[valuesById[7] = "BUDGET_EXCEEDED"] = 7;
        values[valuesById[8] = "PAYMENT_REQUIRED"] = 8;
        return values;
    })();

    moemesh.QueryRequest = (function() {

        /**
         * Properties of a QueryRequest.
         * @typedef {Object} moemesh.QueryRequest.$Properties
         * @property {number|null} [id] QueryRequest id
         * @property {string|null} [text] QueryRequest text
         * @property {Array.<number>|null} [vector] QueryRequest vector
         * @property {string|null} [spaceId] QueryRequest spaceId
         * @property {Array.<Uint8Array>|null} [expertIds] QueryRequest expertIds
         * @property {number|null} [deadlineMs] QueryRequest deadlineMs
         * @property {number|null} [maxPrice] QueryRequest maxPrice
         * @property {boolean|null} [competenceOnly] QueryRequest competenceOnly
         * @property {boolean|null} [withoutCompetence] QueryRequest withoutCompetence
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a QueryRequest.
         * @memberof moemesh
         * @interface IQueryRequest
         * @augments moemesh.QueryRequest.$Properties
         * @deprecated Use moemesh.QueryRequest.$Properties instead.
         */

        /**
         * Shape of a QueryRequest.
         * @typedef {moemesh.QueryRequest.$Properties} moemesh.QueryRequest.$Shape
         */

        /**
         * Constructs a new QueryRequest.
         * @memberof moemesh
         * @classdesc Represents a QueryRequest.
         * @constructor
         * @param {moemesh.QueryRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const QueryRequest = function (properties) {
            this.vector = [];
            this.expertIds = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * QueryRequest id.
         * @member {number} id
         * @memberof moemesh.QueryRequest
         * @instance
         */
        QueryRequest.prototype.id = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * QueryRequest text.
         * @member {string} text
         * @memberof moemesh.QueryRequest
         * @instance
         */
        QueryRequest.prototype.text = "";

        /**
         * QueryRequest vector.
         * @member {Array.<number>} vector
         * @memberof moemesh.QueryRequest
         * @instance
         */
        QueryRequest.prototype.vector = $util.emptyArray;

        /**
         * QueryRequest spaceId.
         * @member {string} spaceId
         * @memberof moemesh.QueryRequest
         * @instance
         */
        QueryRequest.prototype.spaceId = "";

        /**
         * QueryRequest expertIds.
         * @member {Array.<Uint8Array>} expertIds
         * @memberof moemesh.QueryRequest
         * @instance
         */
        QueryRequest.prototype.expertIds = $util.emptyArray;

        /**
         * QueryRequest deadlineMs.
         * @member {number} deadlineMs
         * @memberof moemesh.QueryRequest
         * @instance
         */
        QueryRequest.prototype.deadlineMs = 0;

        /**
         * QueryRequest maxPrice.
         * @member {number} maxPrice
         * @memberof moemesh.QueryRequest
         * @instance
         */
        QueryRequest.prototype.maxPrice = 0;

        /**
         * QueryRequest competenceOnly.
         * @member {boolean} competenceOnly
         * @memberof moemesh.QueryRequest
         * @instance
         */
        QueryRequest.prototype.competenceOnly = false;

        /**
         * QueryRequest withoutCompetence.
         * @member {boolean} withoutCompetence
         * @memberof moemesh.QueryRequest
         * @instance
         */
        QueryRequest.prototype.withoutCompetence = false;

        /**
         * Creates a new QueryRequest instance using the specified properties.
         * @function create
         * @memberof moemesh.QueryRequest
         * @static
         * @param {moemesh.QueryRequest.$Properties=} [properties] Properties to set
         * @returns {moemesh.QueryRequest} QueryRequest instance
         * @type {{
         *   (properties: moemesh.QueryRequest.$Shape): moemesh.QueryRequest & moemesh.QueryRequest.$Shape;
         *   (properties?: moemesh.QueryRequest.$Properties): moemesh.QueryRequest;
         * }}
         */
        QueryRequest.create = function(properties) {
            return new QueryRequest(properties);
        };

        /**
         * Encodes the specified QueryRequest message. Does not implicitly {@link moemesh.QueryRequest.verify|verify} messages.
         * @function encode
         * @memberof moemesh.QueryRequest
         * @static
         * @param {moemesh.QueryRequest.$Properties} message QueryRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        QueryRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.id != null && $Object.hasOwnProperty.call(message, "id") && (typeof message.id === "object" ? message.id.low || message.id.high : message.id !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.id);
            if (message.text != null && $Object.hasOwnProperty.call(message, "text") && message.text !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.text);
            if (message.vector != null && message.vector.length)
                writer.uint32(/* id 3, wireType 2 =*/26).floats(message.vector);
            if (message.spaceId != null && $Object.hasOwnProperty.call(message, "spaceId") && message.spaceId !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.spaceId);
            if (message.expertIds != null && message.expertIds.length)
                for (let i = 0; i < message.expertIds.length; ++i)
                    writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.expertIds[i]);
            if (message.deadlineMs != null && $Object.hasOwnProperty.call(message, "deadlineMs") && message.deadlineMs !== 0)
                writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.deadlineMs);
            if (message.maxPrice != null && $Object.hasOwnProperty.call(message, "maxPrice") && !$Object.is(message.maxPrice, 0))
                writer.uint32(/* id 7, wireType 1 =*/57).double(message.maxPrice);
            if (message.competenceOnly != null && $Object.hasOwnProperty.call(message, "competenceOnly") && message.competenceOnly !== false)
                writer.uint32(/* id 8, wireType 0 =*/64).bool(message.competenceOnly);
            if (message.withoutCompetence != null && $Object.hasOwnProperty.call(message, "withoutCompetence") && message.withoutCompetence !== false)
                writer.uint32(/* id 9, wireType 0 =*/72).bool(message.withoutCompetence);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a QueryRequest message from the specified reader or buffer.
         * @function decode
         * @memberof moemesh.QueryRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemesh.QueryRequest & moemesh.QueryRequest.$Shape} QueryRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        QueryRequest.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemesh.QueryRequest();
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
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.id = value;
                        else
                            delete message.id;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.text = value;
                        else
                            delete message.text;
                        continue;
                    }
                case 3: {
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
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.spaceId = value;
                        else
                            delete message.spaceId;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (!(message.expertIds && message.expertIds.length))
                            message.expertIds = [];
                        message.expertIds.push(reader.bytes());
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.deadlineMs = value;
                        else
                            delete message.deadlineMs;
                        continue;
                    }
                case 7: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.maxPrice = value;
                        else
                            delete message.maxPrice;
                        continue;
                    }
                case 8: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.competenceOnly = value;
                        else
                            delete message.competenceOnly;
                        continue;
                    }
                case 9: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.withoutCompetence = value;
                        else
                            delete message.withoutCompetence;
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
         * Creates a QueryRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemesh.QueryRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemesh.QueryRequest} QueryRequest
         */
        QueryRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.moemesh.QueryRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemesh.QueryRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemesh.QueryRequest();
            if (object.id != null)
                if (typeof object.id === "object" ? object.id.low || object.id.high : $Number(object.id) !== 0)
                    if ($util.Long)
                        message.id = $util.Long.fromValue(object.id, true);
                    else if (typeof object.id === "string")
                        message.id = $parseInt(object.id, 10);
                    else if (typeof object.id === "number")
                        message.id = object.id;
                    else if (typeof object.id === "object")
                        message.id = new $util.LongBits(object.id.low >>> 0, object.id.high >>> 0).toNumber(true);
            if (object.text != null)
                if (typeof object.text !== "string" || object.text.length)
                    message.text = $String(object.text);
            if (object.vector) {
                if (!$Array.isArray(object.vector))
                    throw $TypeError(".moemesh.QueryRequest.vector: array expected");
                message.vector = $Array(object.vector.length);
                for (let i = 0; i < object.vector.length; ++i)
                    message.vector[i] = $Number(object.vector[i]);
            }
            if (object.spaceId != null)
                if (typeof object.spaceId !== "string" || object.spaceId.length)
                    message.spaceId = $String(object.spaceId);
            if (object.expertIds) {
                if (!$Array.isArray(object.expertIds))
                    throw $TypeError(".moemesh.QueryRequest.expertIds: array expected");
                message.expertIds = $Array(object.expertIds.length);
                for (let i = 0; i < object.expertIds.length; ++i)
                    if (typeof object.expertIds[i] === "string")
                        $util.base64.decode(object.expertIds[i], message.expertIds[i] = $util.newBuffer($util.base64.length(object.expertIds[i])), 0);
                    else if (object.expertIds[i].length >= 0)
                        message.expertIds[i] = object.expertIds[i];
            }
            if (object.deadlineMs != null)
                if ($Number(object.deadlineMs) !== 0)
                    message.deadlineMs = object.deadlineMs >>> 0;
            if (object.maxPrice != null)
                if (!$Object.is($Number(object.maxPrice), 0))
                    message.maxPrice = $Number(object.maxPrice);
            if (object.competenceOnly != null)
                if (object.competenceOnly)
                    message.competenceOnly = $Boolean(object.competenceOnly);
            if (object.withoutCompetence != null)
                if (object.withoutCompetence)
                    message.withoutCompetence = $Boolean(object.withoutCompetence);
            return message;
        };

        /**
         * Creates a plain object from a QueryRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemesh.QueryRequest
         * @static
         * @param {moemesh.QueryRequest} message QueryRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        QueryRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults) {
                object.vector = [];
                object.expertIds = [];
            }
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.id = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.id = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.text = "";
                object.spaceId = "";
                object.deadlineMs = 0;
                object.maxPrice = 0;
                object.competenceOnly = false;
                object.withoutCompetence = false;
            }
            if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.id = typeof message.id === "number" ? $BigInt(message.id) : $util.Long.fromBits(message.id.low >>> 0, message.id.high >>> 0, true).toBigInt();
                else if (typeof message.id === "number")
                    object.id = options.longs === $String ? $String(message.id) : message.id;
                else
                    object.id = options.longs === $String ? $util.Long.prototype.toString.call(message.id) : options.longs === $Number ? new $util.LongBits(message.id.low >>> 0, message.id.high >>> 0).toNumber(true) : message.id;
            if (message.text != null && $Object.hasOwnProperty.call(message, "text"))
                object.text = message.text;
            if (message.vector && message.vector.length) {
                object.vector = $Array(message.vector.length);
                for (let j = 0; j < message.vector.length; ++j)
                    object.vector[j] = options.json && !$isFinite(message.vector[j]) ? $String(message.vector[j]) : message.vector[j];
            }
            if (message.spaceId != null && $Object.hasOwnProperty.call(message, "spaceId"))
                object.spaceId = message.spaceId;
            if (message.expertIds && message.expertIds.length) {
                object.expertIds = $Array(message.expertIds.length);
                for (let j = 0; j < message.expertIds.length; ++j)
                    object.expertIds[j] = options.bytes === $String ? $util.base64.encode(message.expertIds[j], 0, message.expertIds[j].length) : options.bytes === $Array ? $Array.prototype.slice.call(message.expertIds[j]) : message.expertIds[j];
            }
            if (message.deadlineMs != null && $Object.hasOwnProperty.call(message, "deadlineMs"))
                object.deadlineMs = message.deadlineMs;
            if (message.maxPrice != null && $Object.hasOwnProperty.call(message, "maxPrice"))
                object.maxPrice = options.json && !$isFinite(message.maxPrice) ? $String(message.maxPrice) : message.maxPrice;
            if (message.competenceOnly != null && $Object.hasOwnProperty.call(message, "competenceOnly"))
                object.competenceOnly = message.competenceOnly;
            if (message.withoutCompetence != null && $Object.hasOwnProperty.call(message, "withoutCompetence"))
                object.withoutCompetence = message.withoutCompetence;
            return object;
        };

        /**
         * Converts this QueryRequest to JSON.
         * @function toJSON
         * @memberof moemesh.QueryRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        QueryRequest.prototype.toJSON = function() {
            return QueryRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for QueryRequest
         * @function getTypeUrl
         * @memberof moemesh.QueryRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        QueryRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemesh.QueryRequest";
        };

        return QueryRequest;
    })();

    moemesh.ExpertAnswer = (function() {

        /**
         * Properties of an ExpertAnswer.
         * @typedef {Object} moemesh.ExpertAnswer.$Properties
         * @property {Uint8Array|null} [expertId] ExpertAnswer expertId
         * @property {moemesh.ErrorCode|null} [error] ExpertAnswer error
         * @property {Array.<number>|null} [distribution] ExpertAnswer distribution
         * @property {number|null} [latencyMs] ExpertAnswer latencyMs
         * @property {number|null} [price] ExpertAnswer price
         * @property {number|null} [competence] ExpertAnswer competence
         * @property {number|null} [privateCompetence] ExpertAnswer privateCompetence
         * @property {number|null} [inDomain] ExpertAnswer inDomain
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an ExpertAnswer.
         * @memberof moemesh
         * @interface IExpertAnswer
         * @augments moemesh.ExpertAnswer.$Properties
         * @deprecated Use moemesh.ExpertAnswer.$Properties instead.
         */

        /**
         * Shape of an ExpertAnswer.
         * @typedef {moemesh.ExpertAnswer.$Properties} moemesh.ExpertAnswer.$Shape
         */

        /**
         * Constructs a new ExpertAnswer.
         * @memberof moemesh
         * @classdesc Represents an ExpertAnswer.
         * @constructor
         * @param {moemesh.ExpertAnswer.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ExpertAnswer = function (properties) {
            this.distribution = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ExpertAnswer expertId.
         * @member {Uint8Array} expertId
         * @memberof moemesh.ExpertAnswer
         * @instance
         */
        ExpertAnswer.prototype.expertId = $util.newBuffer([]);

        /**
         * ExpertAnswer error.
         * @member {moemesh.ErrorCode} error
         * @memberof moemesh.ExpertAnswer
         * @instance
         */
        ExpertAnswer.prototype.error = 0;

        /**
         * ExpertAnswer distribution.
         * @member {Array.<number>} distribution
         * @memberof moemesh.ExpertAnswer
         * @instance
         */
        ExpertAnswer.prototype.distribution = $util.emptyArray;

        /**
         * ExpertAnswer latencyMs.
         * @member {number} latencyMs
         * @memberof moemesh.ExpertAnswer
         * @instance
         */
        ExpertAnswer.prototype.latencyMs = 0;

        /**
         * ExpertAnswer price.
         * @member {number} price
         * @memberof moemesh.ExpertAnswer
         * @instance
         */
        ExpertAnswer.prototype.price = 0;

        /**
         * ExpertAnswer competence.
         * @member {number|null|undefined} competence
         * @memberof moemesh.ExpertAnswer
         * @instance
         */
        ExpertAnswer.prototype.competence = null;

        /**
         * ExpertAnswer privateCompetence.
         * @member {number|null|undefined} privateCompetence
         * @memberof moemesh.ExpertAnswer
         * @instance
         */
        ExpertAnswer.prototype.privateCompetence = null;

        /**
         * ExpertAnswer inDomain.
         * @member {number|null|undefined} inDomain
         * @memberof moemesh.ExpertAnswer
         * @instance
         */
        ExpertAnswer.prototype.inDomain = null;

        // OneOf field names bound to virtual getters and setters
        let $oneOfFields;

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ExpertAnswer.prototype, "_competence", {
            get: $util.oneOfGetter($oneOfFields = ["competence"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ExpertAnswer.prototype, "_privateCompetence", {
            get: $util.oneOfGetter($oneOfFields = ["privateCompetence"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        // Virtual OneOf for proto3 optional field
        $Object.defineProperty(ExpertAnswer.prototype, "_inDomain", {
            get: $util.oneOfGetter($oneOfFields = ["inDomain"]),
            set: $util.oneOfSetter($oneOfFields)
        });

        /**
         * Creates a new ExpertAnswer instance using the specified properties.
         * @function create
         * @memberof moemesh.ExpertAnswer
         * @static
         * @param {moemesh.ExpertAnswer.$Properties=} [properties] Properties to set
         * @returns {moemesh.ExpertAnswer} ExpertAnswer instance
         * @type {{
         *   (properties: moemesh.ExpertAnswer.$Shape): moemesh.ExpertAnswer & moemesh.ExpertAnswer.$Shape;
         *   (properties?: moemesh.ExpertAnswer.$Properties): moemesh.ExpertAnswer;
         * }}
         */
        ExpertAnswer.create = function(properties) {
            return new ExpertAnswer(properties);
        };

        /**
         * Encodes the specified ExpertAnswer message. Does not implicitly {@link moemesh.ExpertAnswer.verify|verify} messages.
         * @function encode
         * @memberof moemesh.ExpertAnswer
         * @static
         * @param {moemesh.ExpertAnswer.$Properties} message ExpertAnswer message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ExpertAnswer.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.expertId != null && $Object.hasOwnProperty.call(message, "expertId") && message.expertId.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.expertId);
            if (message.error != null && $Object.hasOwnProperty.call(message, "error") && message.error !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.error);
            if (message.distribution != null && message.distribution.length)
                writer.uint32(/* id 3, wireType 2 =*/26).floats(message.distribution);
            if (message.latencyMs != null && $Object.hasOwnProperty.call(message, "latencyMs") && !$Object.is(message.latencyMs, 0))
                writer.uint32(/* id 4, wireType 5 =*/37).float(message.latencyMs);
            if (message.price != null && $Object.hasOwnProperty.call(message, "price") && !$Object.is(message.price, 0))
                writer.uint32(/* id 5, wireType 1 =*/41).double(message.price);
            if (message.competence != null && $Object.hasOwnProperty.call(message, "competence"))
                writer.uint32(/* id 6, wireType 5 =*/53).float(message.competence);
            if (message.privateCompetence != null && $Object.hasOwnProperty.call(message, "privateCompetence"))
                writer.uint32(/* id 7, wireType 5 =*/61).float(message.privateCompetence);
            if (message.inDomain != null && $Object.hasOwnProperty.call(message, "inDomain"))
                writer.uint32(/* id 8, wireType 5 =*/69).float(message.inDomain);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an ExpertAnswer message from the specified reader or buffer.
         * @function decode
         * @memberof moemesh.ExpertAnswer
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemesh.ExpertAnswer & moemesh.ExpertAnswer.$Shape} ExpertAnswer
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ExpertAnswer.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemesh.ExpertAnswer();
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
                            message.expertId = value;
                        else
                            delete message.expertId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.error = value;
                        else
                            delete message.error;
                        continue;
                    }
                case 3: {
                        if (wireType === 2) {
                            if (!(message.distribution && message.distribution.length))
                                message.distribution = [];
                            reader.floats(message.distribution);
                            continue;
                        }
                        if (wireType !== 5)
                            break;
                        if (!(message.distribution && message.distribution.length))
                            message.distribution = [];
                        message.distribution.push(reader.float());
                        continue;
                    }
                case 4: {
                        if (wireType !== 5)
                            break;
                        if (!$Object.is(value = reader.float(), 0))
                            message.latencyMs = value;
                        else
                            delete message.latencyMs;
                        continue;
                    }
                case 5: {
                        if (wireType !== 1)
                            break;
                        if (!$Object.is(value = reader.double(), 0))
                            message.price = value;
                        else
                            delete message.price;
                        continue;
                    }
                case 6: {
                        if (wireType !== 5)
                            break;
                        message.competence = reader.float();
                        message._competence = "competence";
                        continue;
                    }
                case 7: {
                        if (wireType !== 5)
                            break;
                        message.privateCompetence = reader.float();
                        message._privateCompetence = "privateCompetence";
                        continue;
                    }
                case 8: {
                        if (wireType !== 5)
                            break;
                        message.inDomain = reader.float();
                        message._inDomain = "inDomain";
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
         * Creates an ExpertAnswer message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemesh.ExpertAnswer
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemesh.ExpertAnswer} ExpertAnswer
         */
        ExpertAnswer.fromObject = function (object, _depth) {
            if (object instanceof $root.moemesh.ExpertAnswer)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemesh.ExpertAnswer: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemesh.ExpertAnswer();
            if (object.expertId != null)
                if (object.expertId.length)
                    if (typeof object.expertId === "string")
                        $util.base64.decode(object.expertId, message.expertId = $util.newBuffer($util.base64.length(object.expertId)), 0);
                    else if (object.expertId.length >= 0)
                        message.expertId = object.expertId;
            if (object.error !== 0 && (typeof object.error !== "string" || $root.moemesh.ErrorCode[object.error] !== 0))
                switch (object.error) {
                case "OK":
                case 0:
                    message.error = 0;
                    break;
                case "UNKNOWN_EXPERT":
                case 1:
                    message.error = 1;
                    break;
                case "OVERLOADED":
                case 2:
                    message.error = 2;
                    break;
                case "DEADLINE_EXCEEDED":
                case 3:
                    message.error = 3;
                    break;
                case "BAD_REQUEST":
                case 4:
                    message.error = 4;
                    break;
                case "INTERNAL":
                case 5:
                    message.error = 5;
                    break;
                case "SPACE_MISMATCH":
                case 6:
                    message.error = 6;
                    break;
                case "BUDGET_EXCEEDED":
                case 7:
                    message.error = 7;
                    break;
                case "PAYMENT_REQUIRED":
                case 8:
                    message.error = 8;
                    break;
                default:
                    if (typeof object.error === "number" && (object.error | 0) === object.error)
                        message.error = object.error;
                }
            if (object.distribution) {
                if (!$Array.isArray(object.distribution))
                    throw $TypeError(".moemesh.ExpertAnswer.distribution: array expected");
                message.distribution = $Array(object.distribution.length);
                for (let i = 0; i < object.distribution.length; ++i)
                    message.distribution[i] = $Number(object.distribution[i]);
            }
            if (object.latencyMs != null)
                if (!$Object.is($Number(object.latencyMs), 0))
                    message.latencyMs = $Number(object.latencyMs);
            if (object.price != null)
                if (!$Object.is($Number(object.price), 0))
                    message.price = $Number(object.price);
            if (object.competence != null)
                message.competence = $Number(object.competence);
            if (object.privateCompetence != null)
                message.privateCompetence = $Number(object.privateCompetence);
            if (object.inDomain != null)
                message.inDomain = $Number(object.inDomain);
            return message;
        };

        /**
         * Creates a plain object from an ExpertAnswer message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemesh.ExpertAnswer
         * @static
         * @param {moemesh.ExpertAnswer} message ExpertAnswer
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ExpertAnswer.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.distribution = [];
            if (options.defaults) {
                if (options.bytes === $String)
                    object.expertId = "";
                else {
                    object.expertId = [];
                    if (options.bytes !== $Array)
                        object.expertId = $util.newBuffer(object.expertId);
                }
                object.error = options.enums === $String ? "OK" : 0;
                object.latencyMs = 0;
                object.price = 0;
            }
            if (message.expertId != null && $Object.hasOwnProperty.call(message, "expertId"))
                object.expertId = options.bytes === $String ? $util.base64.encode(message.expertId, 0, message.expertId.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.expertId) : message.expertId;
            if (message.error != null && $Object.hasOwnProperty.call(message, "error"))
                object.error = options.enums === $String ? $root.moemesh.ErrorCode[message.error] === $undefined ? message.error : $root.moemesh.ErrorCode[message.error] : message.error;
            if (message.distribution && message.distribution.length) {
                object.distribution = $Array(message.distribution.length);
                for (let j = 0; j < message.distribution.length; ++j)
                    object.distribution[j] = options.json && !$isFinite(message.distribution[j]) ? $String(message.distribution[j]) : message.distribution[j];
            }
            if (message.latencyMs != null && $Object.hasOwnProperty.call(message, "latencyMs"))
                object.latencyMs = options.json && !$isFinite(message.latencyMs) ? $String(message.latencyMs) : message.latencyMs;
            if (message.price != null && $Object.hasOwnProperty.call(message, "price"))
                object.price = options.json && !$isFinite(message.price) ? $String(message.price) : message.price;
            if (message.competence != null && $Object.hasOwnProperty.call(message, "competence"))
                object.competence = options.json && !$isFinite(message.competence) ? $String(message.competence) : message.competence;
            if (message.privateCompetence != null && $Object.hasOwnProperty.call(message, "privateCompetence"))
                object.privateCompetence = options.json && !$isFinite(message.privateCompetence) ? $String(message.privateCompetence) : message.privateCompetence;
            if (message.inDomain != null && $Object.hasOwnProperty.call(message, "inDomain"))
                object.inDomain = options.json && !$isFinite(message.inDomain) ? $String(message.inDomain) : message.inDomain;
            return object;
        };

        /**
         * Converts this ExpertAnswer to JSON.
         * @function toJSON
         * @memberof moemesh.ExpertAnswer
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ExpertAnswer.prototype.toJSON = function() {
            return ExpertAnswer.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ExpertAnswer
         * @function getTypeUrl
         * @memberof moemesh.ExpertAnswer
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ExpertAnswer.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemesh.ExpertAnswer";
        };

        return ExpertAnswer;
    })();

    moemesh.QueryResponse = (function() {

        /**
         * Properties of a QueryResponse.
         * @typedef {Object} moemesh.QueryResponse.$Properties
         * @property {number|null} [id] QueryResponse id
         * @property {moemesh.ErrorCode|null} [error] QueryResponse error
         * @property {string|null} [message] QueryResponse message
         * @property {Array.<moemesh.ExpertAnswer.$Properties>|null} [answers] QueryResponse answers
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a QueryResponse.
         * @memberof moemesh
         * @interface IQueryResponse
         * @augments moemesh.QueryResponse.$Properties
         * @deprecated Use moemesh.QueryResponse.$Properties instead.
         */

        /**
         * Shape of a QueryResponse.
         * @typedef {moemesh.QueryResponse.$Properties} moemesh.QueryResponse.$Shape
         */

        /**
         * Constructs a new QueryResponse.
         * @memberof moemesh
         * @classdesc Represents a QueryResponse.
         * @constructor
         * @param {moemesh.QueryResponse.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const QueryResponse = function (properties) {
            this.answers = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * QueryResponse id.
         * @member {number} id
         * @memberof moemesh.QueryResponse
         * @instance
         */
        QueryResponse.prototype.id = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * QueryResponse error.
         * @member {moemesh.ErrorCode} error
         * @memberof moemesh.QueryResponse
         * @instance
         */
        QueryResponse.prototype.error = 0;

        /**
         * QueryResponse message.
         * @member {string} message
         * @memberof moemesh.QueryResponse
         * @instance
         */
        QueryResponse.prototype.message = "";

        /**
         * QueryResponse answers.
         * @member {Array.<moemesh.ExpertAnswer.$Properties>} answers
         * @memberof moemesh.QueryResponse
         * @instance
         */
        QueryResponse.prototype.answers = $util.emptyArray;

        /**
         * Creates a new QueryResponse instance using the specified properties.
         * @function create
         * @memberof moemesh.QueryResponse
         * @static
         * @param {moemesh.QueryResponse.$Properties=} [properties] Properties to set
         * @returns {moemesh.QueryResponse} QueryResponse instance
         * @type {{
         *   (properties: moemesh.QueryResponse.$Shape): moemesh.QueryResponse & moemesh.QueryResponse.$Shape;
         *   (properties?: moemesh.QueryResponse.$Properties): moemesh.QueryResponse;
         * }}
         */
        QueryResponse.create = function(properties) {
            return new QueryResponse(properties);
        };

        /**
         * Encodes the specified QueryResponse message. Does not implicitly {@link moemesh.QueryResponse.verify|verify} messages.
         * @function encode
         * @memberof moemesh.QueryResponse
         * @static
         * @param {moemesh.QueryResponse.$Properties} message QueryResponse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        QueryResponse.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.id != null && $Object.hasOwnProperty.call(message, "id") && (typeof message.id === "object" ? message.id.low || message.id.high : message.id !== 0))
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.id);
            if (message.error != null && $Object.hasOwnProperty.call(message, "error") && message.error !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.error);
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.message);
            if (message.answers != null && message.answers.length)
                for (let i = 0; i < message.answers.length; ++i)
                    $root.moemesh.ExpertAnswer.encode(message.answers[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a QueryResponse message from the specified reader or buffer.
         * @function decode
         * @memberof moemesh.QueryResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemesh.QueryResponse & moemesh.QueryResponse.$Shape} QueryResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        QueryResponse.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemesh.QueryResponse();
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
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.id = value;
                        else
                            delete message.id;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.error = value;
                        else
                            delete message.error;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.answers && message.answers.length))
                            message.answers = [];
                        message.answers.push($root.moemesh.ExpertAnswer.decode(reader, reader.size(), $undefined, _depth + 1));
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
         * Creates a QueryResponse message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemesh.QueryResponse
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemesh.QueryResponse} QueryResponse
         */
        QueryResponse.fromObject = function (object, _depth) {
            if (object instanceof $root.moemesh.QueryResponse)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemesh.QueryResponse: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemesh.QueryResponse();
            if (object.id != null)
                if (typeof object.id === "object" ? object.id.low || object.id.high : $Number(object.id) !== 0)
                    if ($util.Long)
                        message.id = $util.Long.fromValue(object.id, true);
                    else if (typeof object.id === "string")
                        message.id = $parseInt(object.id, 10);
                    else if (typeof object.id === "number")
                        message.id = object.id;
                    else if (typeof object.id === "object")
                        message.id = new $util.LongBits(object.id.low >>> 0, object.id.high >>> 0).toNumber(true);
            if (object.error !== 0 && (typeof object.error !== "string" || $root.moemesh.ErrorCode[object.error] !== 0))
                switch (object.error) {
                case "OK":
                case 0:
                    message.error = 0;
                    break;
                case "UNKNOWN_EXPERT":
                case 1:
                    message.error = 1;
                    break;
                case "OVERLOADED":
                case 2:
                    message.error = 2;
                    break;
                case "DEADLINE_EXCEEDED":
                case 3:
                    message.error = 3;
                    break;
                case "BAD_REQUEST":
                case 4:
                    message.error = 4;
                    break;
                case "INTERNAL":
                case 5:
                    message.error = 5;
                    break;
                case "SPACE_MISMATCH":
                case 6:
                    message.error = 6;
                    break;
                case "BUDGET_EXCEEDED":
                case 7:
                    message.error = 7;
                    break;
                case "PAYMENT_REQUIRED":
                case 8:
                    message.error = 8;
                    break;
                default:
                    if (typeof object.error === "number" && (object.error | 0) === object.error)
                        message.error = object.error;
                }
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            if (object.answers) {
                if (!$Array.isArray(object.answers))
                    throw $TypeError(".moemesh.QueryResponse.answers: array expected");
                message.answers = $Array(object.answers.length);
                for (let i = 0; i < object.answers.length; ++i) {
                    if (!$util.isObject(object.answers[i]))
                        throw $TypeError(".moemesh.QueryResponse.answers: object expected");
                    message.answers[i] = $root.moemesh.ExpertAnswer.fromObject(object.answers[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a QueryResponse message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemesh.QueryResponse
         * @static
         * @param {moemesh.QueryResponse} message QueryResponse
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        QueryResponse.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.answers = [];
            if (options.defaults) {
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.id = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.id = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                object.error = options.enums === $String ? "OK" : 0;
                object.message = "";
            }
            if (message.id != null && $Object.hasOwnProperty.call(message, "id"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.id = typeof message.id === "number" ? $BigInt(message.id) : $util.Long.fromBits(message.id.low >>> 0, message.id.high >>> 0, true).toBigInt();
                else if (typeof message.id === "number")
                    object.id = options.longs === $String ? $String(message.id) : message.id;
                else
                    object.id = options.longs === $String ? $util.Long.prototype.toString.call(message.id) : options.longs === $Number ? new $util.LongBits(message.id.low >>> 0, message.id.high >>> 0).toNumber(true) : message.id;
            if (message.error != null && $Object.hasOwnProperty.call(message, "error"))
                object.error = options.enums === $String ? $root.moemesh.ErrorCode[message.error] === $undefined ? message.error : $root.moemesh.ErrorCode[message.error] : message.error;
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            if (message.answers && message.answers.length) {
                object.answers = $Array(message.answers.length);
                for (let j = 0; j < message.answers.length; ++j)
                    object.answers[j] = $root.moemesh.ExpertAnswer.toObject(message.answers[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this QueryResponse to JSON.
         * @function toJSON
         * @memberof moemesh.QueryResponse
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        QueryResponse.prototype.toJSON = function() {
            return QueryResponse.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for QueryResponse
         * @function getTypeUrl
         * @memberof moemesh.QueryResponse
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        QueryResponse.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemesh.QueryResponse";
        };

        return QueryResponse;
    })();

    moemesh.AdvertSyncRequest = (function() {

        /**
         * Properties of an AdvertSyncRequest.
         * @typedef {Object} moemesh.AdvertSyncRequest.$Properties
         * @property {string|null} [spaceId] AdvertSyncRequest spaceId
         * @property {number|null} [maxAdverts] AdvertSyncRequest maxAdverts
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AdvertSyncRequest.
         * @memberof moemesh
         * @interface IAdvertSyncRequest
         * @augments moemesh.AdvertSyncRequest.$Properties
         * @deprecated Use moemesh.AdvertSyncRequest.$Properties instead.
         */

        /**
         * Shape of an AdvertSyncRequest.
         * @typedef {moemesh.AdvertSyncRequest.$Properties} moemesh.AdvertSyncRequest.$Shape
         */

        /**
         * Constructs a new AdvertSyncRequest.
         * @memberof moemesh
         * @classdesc Represents an AdvertSyncRequest.
         * @constructor
         * @param {moemesh.AdvertSyncRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AdvertSyncRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * AdvertSyncRequest spaceId.
         * @member {string} spaceId
         * @memberof moemesh.AdvertSyncRequest
         * @instance
         */
        AdvertSyncRequest.prototype.spaceId = "";

        /**
         * AdvertSyncRequest maxAdverts.
         * @member {number} maxAdverts
         * @memberof moemesh.AdvertSyncRequest
         * @instance
         */
        AdvertSyncRequest.prototype.maxAdverts = 0;

        /**
         * Creates a new AdvertSyncRequest instance using the specified properties.
         * @function create
         * @memberof moemesh.AdvertSyncRequest
         * @static
         * @param {moemesh.AdvertSyncRequest.$Properties=} [properties] Properties to set
         * @returns {moemesh.AdvertSyncRequest} AdvertSyncRequest instance
         * @type {{
         *   (properties: moemesh.AdvertSyncRequest.$Shape): moemesh.AdvertSyncRequest & moemesh.AdvertSyncRequest.$Shape;
         *   (properties?: moemesh.AdvertSyncRequest.$Properties): moemesh.AdvertSyncRequest;
         * }}
         */
        AdvertSyncRequest.create = function(properties) {
            return new AdvertSyncRequest(properties);
        };

        /**
         * Encodes the specified AdvertSyncRequest message. Does not implicitly {@link moemesh.AdvertSyncRequest.verify|verify} messages.
         * @function encode
         * @memberof moemesh.AdvertSyncRequest
         * @static
         * @param {moemesh.AdvertSyncRequest.$Properties} message AdvertSyncRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AdvertSyncRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.spaceId != null && $Object.hasOwnProperty.call(message, "spaceId") && message.spaceId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.spaceId);
            if (message.maxAdverts != null && $Object.hasOwnProperty.call(message, "maxAdverts") && message.maxAdverts !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.maxAdverts);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an AdvertSyncRequest message from the specified reader or buffer.
         * @function decode
         * @memberof moemesh.AdvertSyncRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemesh.AdvertSyncRequest & moemesh.AdvertSyncRequest.$Shape} AdvertSyncRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AdvertSyncRequest.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemesh.AdvertSyncRequest();
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
                            message.spaceId = value;
                        else
                            delete message.spaceId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.maxAdverts = value;
                        else
                            delete message.maxAdverts;
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
         * Creates an AdvertSyncRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemesh.AdvertSyncRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemesh.AdvertSyncRequest} AdvertSyncRequest
         */
        AdvertSyncRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.moemesh.AdvertSyncRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemesh.AdvertSyncRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemesh.AdvertSyncRequest();
            if (object.spaceId != null)
                if (typeof object.spaceId !== "string" || object.spaceId.length)
                    message.spaceId = $String(object.spaceId);
            if (object.maxAdverts != null)
                if ($Number(object.maxAdverts) !== 0)
                    message.maxAdverts = object.maxAdverts >>> 0;
            return message;
        };

        /**
         * Creates a plain object from an AdvertSyncRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemesh.AdvertSyncRequest
         * @static
         * @param {moemesh.AdvertSyncRequest} message AdvertSyncRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        AdvertSyncRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.spaceId = "";
                object.maxAdverts = 0;
            }
            if (message.spaceId != null && $Object.hasOwnProperty.call(message, "spaceId"))
                object.spaceId = message.spaceId;
            if (message.maxAdverts != null && $Object.hasOwnProperty.call(message, "maxAdverts"))
                object.maxAdverts = message.maxAdverts;
            return object;
        };

        /**
         * Converts this AdvertSyncRequest to JSON.
         * @function toJSON
         * @memberof moemesh.AdvertSyncRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        AdvertSyncRequest.prototype.toJSON = function() {
            return AdvertSyncRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for AdvertSyncRequest
         * @function getTypeUrl
         * @memberof moemesh.AdvertSyncRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        AdvertSyncRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemesh.AdvertSyncRequest";
        };

        return AdvertSyncRequest;
    })();

    return moemesh;
})();

export {
  $root as default
};
