/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

$protobuf.util.Long = undefined;
$protobuf.configure();

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $String = $util.global.String, $Number = $util.global.Number, $Array = $util.global.Array, $isFinite = $util.global.isFinite, $parseInt = $util.global.parseInt, $BigInt = $util.global.BigInt;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const moemeshattest = $root.moemeshattest = (() => {

    /**
     * Namespace moemeshattest.
     * @exports moemeshattest
     * @namespace
     */
    const moemeshattest = {};

    moemeshattest.CardScore = (function() {

        /**
         * Properties of a CardScore.
         * @typedef {Object} moemeshattest.CardScore.$Properties
         * @property {string|null} [peerId] CardScore peerId
         * @property {Uint8Array|null} [cardDigest] CardScore cardDigest
         * @property {number|null} [accuracy] CardScore accuracy
         * @property {number|null} [nll] CardScore nll
         * @property {number|null} [samples] CardScore samples
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a CardScore.
         * @memberof moemeshattest
         * @interface ICardScore
         * @augments moemeshattest.CardScore.$Properties
         * @deprecated Use moemeshattest.CardScore.$Properties instead.
         */

        /**
         * Shape of a CardScore.
         * @typedef {moemeshattest.CardScore.$Properties} moemeshattest.CardScore.$Shape
         */

        /**
         * Constructs a new CardScore.
         * @memberof moemeshattest
         * @classdesc Represents a CardScore.
         * @constructor
         * @param {moemeshattest.CardScore.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const CardScore = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * CardScore peerId.
         * @member {string} peerId
         * @memberof moemeshattest.CardScore
         * @instance
         */
        CardScore.prototype.peerId = "";

        /**
         * CardScore cardDigest.
         * @member {Uint8Array} cardDigest
         * @memberof moemeshattest.CardScore
         * @instance
         */
        CardScore.prototype.cardDigest = $util.newBuffer([]);

        /**
         * CardScore accuracy.
         * @member {number} accuracy
         * @memberof moemeshattest.CardScore
         * @instance
         */
        CardScore.prototype.accuracy = 0;

        /**
         * CardScore nll.
         * @member {number} nll
         * @memberof moemeshattest.CardScore
         * @instance
         */
        CardScore.prototype.nll = 0;

        /**
         * CardScore samples.
         * @member {number} samples
         * @memberof moemeshattest.CardScore
         * @instance
         */
        CardScore.prototype.samples = 0;

        /**
         * Creates a new CardScore instance using the specified properties.
         * @function create
         * @memberof moemeshattest.CardScore
         * @static
         * @param {moemeshattest.CardScore.$Properties=} [properties] Properties to set
         * @returns {moemeshattest.CardScore} CardScore instance
         * @type {{
         *   (properties: moemeshattest.CardScore.$Shape): moemeshattest.CardScore & moemeshattest.CardScore.$Shape;
         *   (properties?: moemeshattest.CardScore.$Properties): moemeshattest.CardScore;
         * }}
         */
        CardScore.create = function(properties) {
            return new CardScore(properties);
        };

        /**
         * Encodes the specified CardScore message. Does not implicitly {@link moemeshattest.CardScore.verify|verify} messages.
         * @function encode
         * @memberof moemeshattest.CardScore
         * @static
         * @param {moemeshattest.CardScore.$Properties} message CardScore message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        CardScore.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.peerId != null && $Object.hasOwnProperty.call(message, "peerId") && message.peerId !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.peerId);
            if (message.cardDigest != null && $Object.hasOwnProperty.call(message, "cardDigest") && message.cardDigest.length)
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.cardDigest);
            if (message.accuracy != null && $Object.hasOwnProperty.call(message, "accuracy") && !$Object.is(message.accuracy, 0))
                writer.uint32(/* id 3, wireType 5 =*/29).float(message.accuracy);
            if (message.nll != null && $Object.hasOwnProperty.call(message, "nll") && !$Object.is(message.nll, 0))
                writer.uint32(/* id 4, wireType 5 =*/37).float(message.nll);
            if (message.samples != null && $Object.hasOwnProperty.call(message, "samples") && !$Object.is(message.samples, 0))
                writer.uint32(/* id 5, wireType 5 =*/45).float(message.samples);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a CardScore message from the specified reader or buffer.
         * @function decode
         * @memberof moemeshattest.CardScore
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemeshattest.CardScore & moemeshattest.CardScore.$Shape} CardScore
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        CardScore.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemeshattest.CardScore();
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
                            message.peerId = value;
                        else
                            delete message.peerId;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.cardDigest = value;
                        else
                            delete message.cardDigest;
                        continue;
                    }
                case 3: {
                        if (wireType !== 5)
                            break;
                        if (!$Object.is(value = reader.float(), 0))
                            message.accuracy = value;
                        else
                            delete message.accuracy;
                        continue;
                    }
                case 4: {
                        if (wireType !== 5)
                            break;
                        if (!$Object.is(value = reader.float(), 0))
                            message.nll = value;
                        else
                            delete message.nll;
                        continue;
                    }
                case 5: {
                        if (wireType !== 5)
                            break;
                        if (!$Object.is(value = reader.float(), 0))
                            message.samples = value;
                        else
                            delete message.samples;
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
         * Creates a CardScore message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemeshattest.CardScore
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemeshattest.CardScore} CardScore
         */
        CardScore.fromObject = function (object, _depth) {
            if (object instanceof $root.moemeshattest.CardScore)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemeshattest.CardScore: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemeshattest.CardScore();
            if (object.peerId != null)
                if (typeof object.peerId !== "string" || object.peerId.length)
                    message.peerId = $String(object.peerId);
            if (object.cardDigest != null)
                if (object.cardDigest.length)
                    if (typeof object.cardDigest === "string")
                        $util.base64.decode(object.cardDigest, message.cardDigest = $util.newBuffer($util.base64.length(object.cardDigest)), 0);
                    else if (object.cardDigest.length >= 0)
                        message.cardDigest = object.cardDigest;
            if (object.accuracy != null)
                if (!$Object.is($Number(object.accuracy), 0))
                    message.accuracy = $Number(object.accuracy);
            if (object.nll != null)
                if (!$Object.is($Number(object.nll), 0))
                    message.nll = $Number(object.nll);
            if (object.samples != null)
                if (!$Object.is($Number(object.samples), 0))
                    message.samples = $Number(object.samples);
            return message;
        };

        /**
         * Creates a plain object from a CardScore message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemeshattest.CardScore
         * @static
         * @param {moemeshattest.CardScore} message CardScore
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        CardScore.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.peerId = "";
                if (options.bytes === $String)
                    object.cardDigest = "";
                else {
                    object.cardDigest = [];
                    if (options.bytes !== $Array)
                        object.cardDigest = $util.newBuffer(object.cardDigest);
                }
                object.accuracy = 0;
                object.nll = 0;
                object.samples = 0;
            }
            if (message.peerId != null && $Object.hasOwnProperty.call(message, "peerId"))
                object.peerId = message.peerId;
            if (message.cardDigest != null && $Object.hasOwnProperty.call(message, "cardDigest"))
                object.cardDigest = options.bytes === $String ? $util.base64.encode(message.cardDigest, 0, message.cardDigest.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.cardDigest) : message.cardDigest;
            if (message.accuracy != null && $Object.hasOwnProperty.call(message, "accuracy"))
                object.accuracy = options.json && !$isFinite(message.accuracy) ? $String(message.accuracy) : message.accuracy;
            if (message.nll != null && $Object.hasOwnProperty.call(message, "nll"))
                object.nll = options.json && !$isFinite(message.nll) ? $String(message.nll) : message.nll;
            if (message.samples != null && $Object.hasOwnProperty.call(message, "samples"))
                object.samples = options.json && !$isFinite(message.samples) ? $String(message.samples) : message.samples;
            return object;
        };

        /**
         * Converts this CardScore to JSON.
         * @function toJSON
         * @memberof moemeshattest.CardScore
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        CardScore.prototype.toJSON = function() {
            return CardScore.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for CardScore
         * @function getTypeUrl
         * @memberof moemeshattest.CardScore
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        CardScore.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemeshattest.CardScore";
        };

        return CardScore;
    })();

    moemeshattest.ScoreSet = (function() {

        /**
         * Properties of a ScoreSet.
         * @typedef {Object} moemeshattest.ScoreSet.$Properties
         * @property {Array.<moemeshattest.CardScore.$Properties>|null} [scores] ScoreSet scores
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ScoreSet.
         * @memberof moemeshattest
         * @interface IScoreSet
         * @augments moemeshattest.ScoreSet.$Properties
         * @deprecated Use moemeshattest.ScoreSet.$Properties instead.
         */

        /**
         * Shape of a ScoreSet.
         * @typedef {moemeshattest.ScoreSet.$Properties} moemeshattest.ScoreSet.$Shape
         */

        /**
         * Constructs a new ScoreSet.
         * @memberof moemeshattest
         * @classdesc Represents a ScoreSet.
         * @constructor
         * @param {moemeshattest.ScoreSet.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ScoreSet = function (properties) {
            this.scores = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ScoreSet scores.
         * @member {Array.<moemeshattest.CardScore.$Properties>} scores
         * @memberof moemeshattest.ScoreSet
         * @instance
         */
        ScoreSet.prototype.scores = $util.emptyArray;

        /**
         * Creates a new ScoreSet instance using the specified properties.
         * @function create
         * @memberof moemeshattest.ScoreSet
         * @static
         * @param {moemeshattest.ScoreSet.$Properties=} [properties] Properties to set
         * @returns {moemeshattest.ScoreSet} ScoreSet instance
         * @type {{
         *   (properties: moemeshattest.ScoreSet.$Shape): moemeshattest.ScoreSet & moemeshattest.ScoreSet.$Shape;
         *   (properties?: moemeshattest.ScoreSet.$Properties): moemeshattest.ScoreSet;
         * }}
         */
        ScoreSet.create = function(properties) {
            return new ScoreSet(properties);
        };

        /**
         * Encodes the specified ScoreSet message. Does not implicitly {@link moemeshattest.ScoreSet.verify|verify} messages.
         * @function encode
         * @memberof moemeshattest.ScoreSet
         * @static
         * @param {moemeshattest.ScoreSet.$Properties} message ScoreSet message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ScoreSet.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.scores != null && message.scores.length)
                for (let i = 0; i < message.scores.length; ++i)
                    $root.moemeshattest.CardScore.encode(message.scores[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ScoreSet message from the specified reader or buffer.
         * @function decode
         * @memberof moemeshattest.ScoreSet
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemeshattest.ScoreSet & moemeshattest.ScoreSet.$Shape} ScoreSet
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ScoreSet.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemeshattest.ScoreSet();
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
                        if (!(message.scores && message.scores.length))
                            message.scores = [];
                        message.scores.push($root.moemeshattest.CardScore.decode(reader, reader.size(), $undefined, _depth + 1));
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
         * Creates a ScoreSet message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemeshattest.ScoreSet
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemeshattest.ScoreSet} ScoreSet
         */
        ScoreSet.fromObject = function (object, _depth) {
            if (object instanceof $root.moemeshattest.ScoreSet)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemeshattest.ScoreSet: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemeshattest.ScoreSet();
            if (object.scores) {
                if (!$Array.isArray(object.scores))
                    throw $TypeError(".moemeshattest.ScoreSet.scores: array expected");
                message.scores = $Array(object.scores.length);
                for (let i = 0; i < object.scores.length; ++i) {
                    if (!$util.isObject(object.scores[i]))
                        throw $TypeError(".moemeshattest.ScoreSet.scores: object expected");
                    message.scores[i] = $root.moemeshattest.CardScore.fromObject(object.scores[i], _depth + 1);
                }
            }
            return message;
        };

        /**
         * Creates a plain object from a ScoreSet message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemeshattest.ScoreSet
         * @static
         * @param {moemeshattest.ScoreSet} message ScoreSet
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        ScoreSet.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.arrays || options.defaults)
                object.scores = [];
            if (message.scores && message.scores.length) {
                object.scores = $Array(message.scores.length);
                for (let j = 0; j < message.scores.length; ++j)
                    object.scores[j] = $root.moemeshattest.CardScore.toObject(message.scores[j], options, _depth + 1);
            }
            return object;
        };

        /**
         * Converts this ScoreSet to JSON.
         * @function toJSON
         * @memberof moemeshattest.ScoreSet
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        ScoreSet.prototype.toJSON = function() {
            return ScoreSet.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for ScoreSet
         * @function getTypeUrl
         * @memberof moemeshattest.ScoreSet
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ScoreSet.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemeshattest.ScoreSet";
        };

        return ScoreSet;
    })();

    moemeshattest.Attestation = (function() {

        /**
         * Properties of an Attestation.
         * @typedef {Object} moemeshattest.Attestation.$Properties
         * @property {Uint8Array|null} [validator] Attestation validator
         * @property {number|null} [round] Attestation round
         * @property {number|null} [issuedAtMs] Attestation issuedAtMs
         * @property {Uint8Array|null} [commitment] Attestation commitment
         * @property {number|null} [revealRound] Attestation revealRound
         * @property {Uint8Array|null} [revealSalt] Attestation revealSalt
         * @property {Uint8Array|null} [revealScores] Attestation revealScores
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an Attestation.
         * @memberof moemeshattest
         * @interface IAttestation
         * @augments moemeshattest.Attestation.$Properties
         * @deprecated Use moemeshattest.Attestation.$Properties instead.
         */

        /**
         * Shape of an Attestation.
         * @typedef {moemeshattest.Attestation.$Properties} moemeshattest.Attestation.$Shape
         */

        /**
         * Constructs a new Attestation.
         * @memberof moemeshattest
         * @classdesc Represents an Attestation.
         * @constructor
         * @param {moemeshattest.Attestation.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Attestation = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Attestation validator.
         * @member {Uint8Array} validator
         * @memberof moemeshattest.Attestation
         * @instance
         */
        Attestation.prototype.validator = $util.newBuffer([]);

        /**
         * Attestation round.
         * @member {number} round
         * @memberof moemeshattest.Attestation
         * @instance
         */
        Attestation.prototype.round = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Attestation issuedAtMs.
         * @member {number} issuedAtMs
         * @memberof moemeshattest.Attestation
         * @instance
         */
        Attestation.prototype.issuedAtMs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Attestation commitment.
         * @member {Uint8Array} commitment
         * @memberof moemeshattest.Attestation
         * @instance
         */
        Attestation.prototype.commitment = $util.newBuffer([]);

        /**
         * Attestation revealRound.
         * @member {number} revealRound
         * @memberof moemeshattest.Attestation
         * @instance
         */
        Attestation.prototype.revealRound = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Attestation revealSalt.
         * @member {Uint8Array} revealSalt
         * @memberof moemeshattest.Attestation
         * @instance
         */
        Attestation.prototype.revealSalt = $util.newBuffer([]);

        /**
         * Attestation revealScores.
         * @member {Uint8Array} revealScores
         * @memberof moemeshattest.Attestation
         * @instance
         */
        Attestation.prototype.revealScores = $util.newBuffer([]);

        /**
         * Creates a new Attestation instance using the specified properties.
         * @function create
         * @memberof moemeshattest.Attestation
         * @static
         * @param {moemeshattest.Attestation.$Properties=} [properties] Properties to set
         * @returns {moemeshattest.Attestation} Attestation instance
         * @type {{
         *   (properties: moemeshattest.Attestation.$Shape): moemeshattest.Attestation & moemeshattest.Attestation.$Shape;
         *   (properties?: moemeshattest.Attestation.$Properties): moemeshattest.Attestation;
         * }}
         */
        Attestation.create = function(properties) {
            return new Attestation(properties);
        };

        /**
         * Encodes the specified Attestation message. Does not implicitly {@link moemeshattest.Attestation.verify|verify} messages.
         * @function encode
         * @memberof moemeshattest.Attestation
         * @static
         * @param {moemeshattest.Attestation.$Properties} message Attestation message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Attestation.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.validator != null && $Object.hasOwnProperty.call(message, "validator") && message.validator.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.validator);
            if (message.round != null && $Object.hasOwnProperty.call(message, "round") && (typeof message.round === "object" ? message.round.low || message.round.high : message.round !== 0))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.round);
            if (message.issuedAtMs != null && $Object.hasOwnProperty.call(message, "issuedAtMs") && (typeof message.issuedAtMs === "object" ? message.issuedAtMs.low || message.issuedAtMs.high : message.issuedAtMs !== 0))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.issuedAtMs);
            if (message.commitment != null && $Object.hasOwnProperty.call(message, "commitment") && message.commitment.length)
                writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.commitment);
            if (message.revealRound != null && $Object.hasOwnProperty.call(message, "revealRound") && (typeof message.revealRound === "object" ? message.revealRound.low || message.revealRound.high : message.revealRound !== 0))
                writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.revealRound);
            if (message.revealSalt != null && $Object.hasOwnProperty.call(message, "revealSalt") && message.revealSalt.length)
                writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.revealSalt);
            if (message.revealScores != null && $Object.hasOwnProperty.call(message, "revealScores") && message.revealScores.length)
                writer.uint32(/* id 7, wireType 2 =*/58).bytes(message.revealScores);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an Attestation message from the specified reader or buffer.
         * @function decode
         * @memberof moemeshattest.Attestation
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemeshattest.Attestation & moemeshattest.Attestation.$Shape} Attestation
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Attestation.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemeshattest.Attestation();
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
                            message.validator = value;
                        else
                            delete message.validator;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.round = value;
                        else
                            delete message.round;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.issuedAtMs = value;
                        else
                            delete message.issuedAtMs;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.commitment = value;
                        else
                            delete message.commitment;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                            message.revealRound = value;
                        else
                            delete message.revealRound;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.revealSalt = value;
                        else
                            delete message.revealSalt;
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.bytes()).length)
                            message.revealScores = value;
                        else
                            delete message.revealScores;
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
         * Creates an Attestation message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemeshattest.Attestation
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemeshattest.Attestation} Attestation
         */
        Attestation.fromObject = function (object, _depth) {
            if (object instanceof $root.moemeshattest.Attestation)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemeshattest.Attestation: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemeshattest.Attestation();
            if (object.validator != null)
                if (object.validator.length)
                    if (typeof object.validator === "string")
                        $util.base64.decode(object.validator, message.validator = $util.newBuffer($util.base64.length(object.validator)), 0);
                    else if (object.validator.length >= 0)
                        message.validator = object.validator;
            if (object.round != null)
                if (typeof object.round === "object" ? object.round.low || object.round.high : $Number(object.round) !== 0)
                    if ($util.Long)
                        message.round = $util.Long.fromValue(object.round, true);
                    else if (typeof object.round === "string")
                        message.round = $parseInt(object.round, 10);
                    else if (typeof object.round === "number")
                        message.round = object.round;
                    else if (typeof object.round === "object")
                        message.round = new $util.LongBits(object.round.low >>> 0, object.round.high >>> 0).toNumber(true);
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
            if (object.commitment != null)
                if (object.commitment.length)
                    if (typeof object.commitment === "string")
                        $util.base64.decode(object.commitment, message.commitment = $util.newBuffer($util.base64.length(object.commitment)), 0);
                    else if (object.commitment.length >= 0)
                        message.commitment = object.commitment;
            if (object.revealRound != null)
                if (typeof object.revealRound === "object" ? object.revealRound.low || object.revealRound.high : $Number(object.revealRound) !== 0)
                    if ($util.Long)
                        message.revealRound = $util.Long.fromValue(object.revealRound, true);
                    else if (typeof object.revealRound === "string")
                        message.revealRound = $parseInt(object.revealRound, 10);
                    else if (typeof object.revealRound === "number")
                        message.revealRound = object.revealRound;
                    else if (typeof object.revealRound === "object")
                        message.revealRound = new $util.LongBits(object.revealRound.low >>> 0, object.revealRound.high >>> 0).toNumber(true);
            if (object.revealSalt != null)
                if (object.revealSalt.length)
                    if (typeof object.revealSalt === "string")
                        $util.base64.decode(object.revealSalt, message.revealSalt = $util.newBuffer($util.base64.length(object.revealSalt)), 0);
                    else if (object.revealSalt.length >= 0)
                        message.revealSalt = object.revealSalt;
            if (object.revealScores != null)
                if (object.revealScores.length)
                    if (typeof object.revealScores === "string")
                        $util.base64.decode(object.revealScores, message.revealScores = $util.newBuffer($util.base64.length(object.revealScores)), 0);
                    else if (object.revealScores.length >= 0)
                        message.revealScores = object.revealScores;
            return message;
        };

        /**
         * Creates a plain object from an Attestation message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemeshattest.Attestation
         * @static
         * @param {moemeshattest.Attestation} message Attestation
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        Attestation.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if (options.bytes === $String)
                    object.validator = "";
                else {
                    object.validator = [];
                    if (options.bytes !== $Array)
                        object.validator = $util.newBuffer(object.validator);
                }
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.round = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.round = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.issuedAtMs = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.issuedAtMs = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.commitment = "";
                else {
                    object.commitment = [];
                    if (options.bytes !== $Array)
                        object.commitment = $util.newBuffer(object.commitment);
                }
                if ($util.Long) {
                    let long = new $util.Long(0, 0, true);
                    object.revealRound = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                } else
                    object.revealRound = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                if (options.bytes === $String)
                    object.revealSalt = "";
                else {
                    object.revealSalt = [];
                    if (options.bytes !== $Array)
                        object.revealSalt = $util.newBuffer(object.revealSalt);
                }
                if (options.bytes === $String)
                    object.revealScores = "";
                else {
                    object.revealScores = [];
                    if (options.bytes !== $Array)
                        object.revealScores = $util.newBuffer(object.revealScores);
                }
            }
            if (message.validator != null && $Object.hasOwnProperty.call(message, "validator"))
                object.validator = options.bytes === $String ? $util.base64.encode(message.validator, 0, message.validator.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.validator) : message.validator;
            if (message.round != null && $Object.hasOwnProperty.call(message, "round"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.round = typeof message.round === "number" ? $BigInt(message.round) : $util.Long.fromBits(message.round.low >>> 0, message.round.high >>> 0, true).toBigInt();
                else if (typeof message.round === "number")
                    object.round = options.longs === $String ? $String(message.round) : message.round;
                else
                    object.round = options.longs === $String ? $util.Long.prototype.toString.call(message.round) : options.longs === $Number ? new $util.LongBits(message.round.low >>> 0, message.round.high >>> 0).toNumber(true) : message.round;
            if (message.issuedAtMs != null && $Object.hasOwnProperty.call(message, "issuedAtMs"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.issuedAtMs = typeof message.issuedAtMs === "number" ? $BigInt(message.issuedAtMs) : $util.Long.fromBits(message.issuedAtMs.low >>> 0, message.issuedAtMs.high >>> 0, true).toBigInt();
                else if (typeof message.issuedAtMs === "number")
                    object.issuedAtMs = options.longs === $String ? $String(message.issuedAtMs) : message.issuedAtMs;
                else
                    object.issuedAtMs = options.longs === $String ? $util.Long.prototype.toString.call(message.issuedAtMs) : options.longs === $Number ? new $util.LongBits(message.issuedAtMs.low >>> 0, message.issuedAtMs.high >>> 0).toNumber(true) : message.issuedAtMs;
            if (message.commitment != null && $Object.hasOwnProperty.call(message, "commitment"))
                object.commitment = options.bytes === $String ? $util.base64.encode(message.commitment, 0, message.commitment.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.commitment) : message.commitment;
            if (message.revealRound != null && $Object.hasOwnProperty.call(message, "revealRound"))
                if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                    object.revealRound = typeof message.revealRound === "number" ? $BigInt(message.revealRound) : $util.Long.fromBits(message.revealRound.low >>> 0, message.revealRound.high >>> 0, true).toBigInt();
                else if (typeof message.revealRound === "number")
                    object.revealRound = options.longs === $String ? $String(message.revealRound) : message.revealRound;
                else
                    object.revealRound = options.longs === $String ? $util.Long.prototype.toString.call(message.revealRound) : options.longs === $Number ? new $util.LongBits(message.revealRound.low >>> 0, message.revealRound.high >>> 0).toNumber(true) : message.revealRound;
            if (message.revealSalt != null && $Object.hasOwnProperty.call(message, "revealSalt"))
                object.revealSalt = options.bytes === $String ? $util.base64.encode(message.revealSalt, 0, message.revealSalt.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.revealSalt) : message.revealSalt;
            if (message.revealScores != null && $Object.hasOwnProperty.call(message, "revealScores"))
                object.revealScores = options.bytes === $String ? $util.base64.encode(message.revealScores, 0, message.revealScores.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.revealScores) : message.revealScores;
            return object;
        };

        /**
         * Converts this Attestation to JSON.
         * @function toJSON
         * @memberof moemeshattest.Attestation
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        Attestation.prototype.toJSON = function() {
            return Attestation.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for Attestation
         * @function getTypeUrl
         * @memberof moemeshattest.Attestation
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Attestation.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemeshattest.Attestation";
        };

        return Attestation;
    })();

    moemeshattest.SignedAttestation = (function() {

        /**
         * Properties of a SignedAttestation.
         * @typedef {Object} moemeshattest.SignedAttestation.$Properties
         * @property {Uint8Array|null} [attestation] SignedAttestation attestation
         * @property {Uint8Array|null} [publicKey] SignedAttestation publicKey
         * @property {Uint8Array|null} [signature] SignedAttestation signature
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a SignedAttestation.
         * @memberof moemeshattest
         * @interface ISignedAttestation
         * @augments moemeshattest.SignedAttestation.$Properties
         * @deprecated Use moemeshattest.SignedAttestation.$Properties instead.
         */

        /**
         * Shape of a SignedAttestation.
         * @typedef {moemeshattest.SignedAttestation.$Properties} moemeshattest.SignedAttestation.$Shape
         */

        /**
         * Constructs a new SignedAttestation.
         * @memberof moemeshattest
         * @classdesc Represents a SignedAttestation.
         * @constructor
         * @param {moemeshattest.SignedAttestation.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const SignedAttestation = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * SignedAttestation attestation.
         * @member {Uint8Array} attestation
         * @memberof moemeshattest.SignedAttestation
         * @instance
         */
        SignedAttestation.prototype.attestation = $util.newBuffer([]);

        /**
         * SignedAttestation publicKey.
         * @member {Uint8Array} publicKey
         * @memberof moemeshattest.SignedAttestation
         * @instance
         */
        SignedAttestation.prototype.publicKey = $util.newBuffer([]);

        /**
         * SignedAttestation signature.
         * @member {Uint8Array} signature
         * @memberof moemeshattest.SignedAttestation
         * @instance
         */
        SignedAttestation.prototype.signature = $util.newBuffer([]);

        /**
         * Creates a new SignedAttestation instance using the specified properties.
         * @function create
         * @memberof moemeshattest.SignedAttestation
         * @static
         * @param {moemeshattest.SignedAttestation.$Properties=} [properties] Properties to set
         * @returns {moemeshattest.SignedAttestation} SignedAttestation instance
         * @type {{
         *   (properties: moemeshattest.SignedAttestation.$Shape): moemeshattest.SignedAttestation & moemeshattest.SignedAttestation.$Shape;
         *   (properties?: moemeshattest.SignedAttestation.$Properties): moemeshattest.SignedAttestation;
         * }}
         */
        SignedAttestation.create = function(properties) {
            return new SignedAttestation(properties);
        };

        /**
         * Encodes the specified SignedAttestation message. Does not implicitly {@link moemeshattest.SignedAttestation.verify|verify} messages.
         * @function encode
         * @memberof moemeshattest.SignedAttestation
         * @static
         * @param {moemeshattest.SignedAttestation.$Properties} message SignedAttestation message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SignedAttestation.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.attestation != null && $Object.hasOwnProperty.call(message, "attestation") && message.attestation.length)
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.attestation);
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
         * Decodes a SignedAttestation message from the specified reader or buffer.
         * @function decode
         * @memberof moemeshattest.SignedAttestation
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {moemeshattest.SignedAttestation & moemeshattest.SignedAttestation.$Shape} SignedAttestation
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SignedAttestation.decode = function (reader, length, _end, _depth, _target) {
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
            message = _target || new $root.moemeshattest.SignedAttestation();
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
                            message.attestation = value;
                        else
                            delete message.attestation;
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
         * Creates a SignedAttestation message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof moemeshattest.SignedAttestation
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {moemeshattest.SignedAttestation} SignedAttestation
         */
        SignedAttestation.fromObject = function (object, _depth) {
            if (object instanceof $root.moemeshattest.SignedAttestation)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".moemeshattest.SignedAttestation: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.moemeshattest.SignedAttestation();
            if (object.attestation != null)
                if (object.attestation.length)
                    if (typeof object.attestation === "string")
                        $util.base64.decode(object.attestation, message.attestation = $util.newBuffer($util.base64.length(object.attestation)), 0);
                    else if (object.attestation.length >= 0)
                        message.attestation = object.attestation;
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
         * Creates a plain object from a SignedAttestation message. Also converts values to other types if specified.
         * @function toObject
         * @memberof moemeshattest.SignedAttestation
         * @static
         * @param {moemeshattest.SignedAttestation} message SignedAttestation
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        SignedAttestation.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                if (options.bytes === $String)
                    object.attestation = "";
                else {
                    object.attestation = [];
                    if (options.bytes !== $Array)
                        object.attestation = $util.newBuffer(object.attestation);
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
            if (message.attestation != null && $Object.hasOwnProperty.call(message, "attestation"))
                object.attestation = options.bytes === $String ? $util.base64.encode(message.attestation, 0, message.attestation.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.attestation) : message.attestation;
            if (message.publicKey != null && $Object.hasOwnProperty.call(message, "publicKey"))
                object.publicKey = options.bytes === $String ? $util.base64.encode(message.publicKey, 0, message.publicKey.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.publicKey) : message.publicKey;
            if (message.signature != null && $Object.hasOwnProperty.call(message, "signature"))
                object.signature = options.bytes === $String ? $util.base64.encode(message.signature, 0, message.signature.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.signature) : message.signature;
            return object;
        };

        /**
         * Converts this SignedAttestation to JSON.
         * @function toJSON
         * @memberof moemeshattest.SignedAttestation
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        SignedAttestation.prototype.toJSON = function() {
            return SignedAttestation.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for SignedAttestation
         * @function getTypeUrl
         * @memberof moemeshattest.SignedAttestation
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        SignedAttestation.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/moemeshattest.SignedAttestation";
        };

        return SignedAttestation;
    })();

    return moemeshattest;
})();

export {
  $root as default
};
