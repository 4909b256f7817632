import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace moemeshattest. */
export namespace moemeshattest {

    /**
     * Properties of a CardScore.
     * @deprecated Use moemeshattest.CardScore.$Properties instead.
     */
    interface ICardScore extends moemeshattest.CardScore.$Properties {
    }

    /** Represents a CardScore. */
    class CardScore {

        /**
         * Constructs a new CardScore.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemeshattest.CardScore.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** CardScore peerId. */
        peerId: string;

        /** CardScore cardDigest. */
        cardDigest: Uint8Array;

        /** CardScore accuracy. */
        accuracy: number;

        /** CardScore nll. */
        nll: number;

        /** CardScore samples. */
        samples: number;

        /**
         * Creates a new CardScore instance using the specified properties.
         * @param [properties] Properties to set
         * @returns CardScore instance
         */
        static create(properties: moemeshattest.CardScore.$Shape): moemeshattest.CardScore & moemeshattest.CardScore.$Shape;
        static create(properties?: moemeshattest.CardScore.$Properties): moemeshattest.CardScore;

        /**
         * Encodes the specified CardScore message. Does not implicitly {@link moemeshattest.CardScore.verify|verify} messages.
         * @param message CardScore message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemeshattest.CardScore.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a CardScore message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemeshattest.CardScore & moemeshattest.CardScore.$Shape} CardScore
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemeshattest.CardScore & moemeshattest.CardScore.$Shape;

        /**
         * Creates a CardScore message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns CardScore
         */
        static fromObject(object: { [k: string]: any }): moemeshattest.CardScore;

        /**
         * Creates a plain object from a CardScore message. Also converts values to other types if specified.
         * @param message CardScore
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemeshattest.CardScore, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this CardScore to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for CardScore
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace CardScore {

        /** Properties of a CardScore. */
        interface $Properties {

            /** CardScore peerId */
            peerId?: (string|null);

            /** CardScore cardDigest */
            cardDigest?: (Uint8Array|null);

            /** CardScore accuracy */
            accuracy?: (number|null);

            /** CardScore nll */
            nll?: (number|null);

            /** CardScore samples */
            samples?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a CardScore. */
        type $Shape = moemeshattest.CardScore.$Properties;
    }

    /**
     * Properties of a ScoreSet.
     * @deprecated Use moemeshattest.ScoreSet.$Properties instead.
     */
    interface IScoreSet extends moemeshattest.ScoreSet.$Properties {
    }

    /** Represents a ScoreSet. */
    class ScoreSet {

        /**
         * Constructs a new ScoreSet.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemeshattest.ScoreSet.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ScoreSet scores. */
        scores: moemeshattest.CardScore.$Properties[];

        /**
         * Creates a new ScoreSet instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ScoreSet instance
         */
        static create(properties: moemeshattest.ScoreSet.$Shape): moemeshattest.ScoreSet & moemeshattest.ScoreSet.$Shape;
        static create(properties?: moemeshattest.ScoreSet.$Properties): moemeshattest.ScoreSet;

        /**
         * Encodes the specified ScoreSet message. Does not implicitly {@link moemeshattest.ScoreSet.verify|verify} messages.
         * @param message ScoreSet message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemeshattest.ScoreSet.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ScoreSet message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemeshattest.ScoreSet & moemeshattest.ScoreSet.$Shape} ScoreSet
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemeshattest.ScoreSet & moemeshattest.ScoreSet.$Shape;

        /**
         * Creates a ScoreSet message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns ScoreSet
         */
        static fromObject(object: { [k: string]: any }): moemeshattest.ScoreSet;

        /**
         * Creates a plain object from a ScoreSet message. Also converts values to other types if specified.
         * @param message ScoreSet
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemeshattest.ScoreSet, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ScoreSet to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for ScoreSet
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ScoreSet {

        /** Properties of a ScoreSet. */
        interface $Properties {

            /** ScoreSet scores */
            scores?: (moemeshattest.CardScore.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ScoreSet. */
        type $Shape = moemeshattest.ScoreSet.$Properties;
    }

    /**
     * Properties of an Attestation.
     * @deprecated Use moemeshattest.Attestation.$Properties instead.
     */
    interface IAttestation extends moemeshattest.Attestation.$Properties {
    }

    /** Represents an Attestation. */
    class Attestation {

        /**
         * Constructs a new Attestation.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemeshattest.Attestation.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Attestation validator. */
        validator: Uint8Array;

        /** Attestation round. */
        round: number;

        /** Attestation issuedAtMs. */
        issuedAtMs: number;

        /** Attestation commitment. */
        commitment: Uint8Array;

        /** Attestation revealRound. */
        revealRound: number;

        /** Attestation revealSalt. */
        revealSalt: Uint8Array;

        /** Attestation revealScores. */
        revealScores: Uint8Array;

        /**
         * Creates a new Attestation instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Attestation instance
         */
        static create(properties: moemeshattest.Attestation.$Shape): moemeshattest.Attestation & moemeshattest.Attestation.$Shape;
        static create(properties?: moemeshattest.Attestation.$Properties): moemeshattest.Attestation;

        /**
         * Encodes the specified Attestation message. Does not implicitly {@link moemeshattest.Attestation.verify|verify} messages.
         * @param message Attestation message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemeshattest.Attestation.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an Attestation message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemeshattest.Attestation & moemeshattest.Attestation.$Shape} Attestation
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemeshattest.Attestation & moemeshattest.Attestation.$Shape;

        /**
         * Creates an Attestation message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Attestation
         */
        static fromObject(object: { [k: string]: any }): moemeshattest.Attestation;

        /**
         * Creates a plain object from an Attestation message. Also converts values to other types if specified.
         * @param message Attestation
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemeshattest.Attestation, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Attestation to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for Attestation
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Attestation {

        /** Properties of an Attestation. */
        interface $Properties {

            /** Attestation validator */
            validator?: (Uint8Array|null);

            /** Attestation round */
            round?: (number|null);

            /** Attestation issuedAtMs */
            issuedAtMs?: (number|null);

            /** Attestation commitment */
            commitment?: (Uint8Array|null);

            /** Attestation revealRound */
            revealRound?: (number|null);

            /** Attestation revealSalt */
            revealSalt?: (Uint8Array|null);

            /** Attestation revealScores */
            revealScores?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an Attestation. */
        type $Shape = moemeshattest.Attestation.$Properties;
    }

    /**
     * Properties of a SignedAttestation.
     * @deprecated Use moemeshattest.SignedAttestation.$Properties instead.
     */
    interface ISignedAttestation extends moemeshattest.SignedAttestation.$Properties {
    }

    /** Represents a SignedAttestation. */
    class SignedAttestation {

        /**
         * Constructs a new SignedAttestation.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemeshattest.SignedAttestation.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** SignedAttestation attestation. */
        attestation: Uint8Array;

        /** SignedAttestation publicKey. */
        publicKey: Uint8Array;

        /** SignedAttestation signature. */
        signature: Uint8Array;

        /**
         * Creates a new SignedAttestation instance using the specified properties.
         * @param [properties] Properties to set
         * @returns SignedAttestation instance
         */
        static create(properties: moemeshattest.SignedAttestation.$Shape): moemeshattest.SignedAttestation & moemeshattest.SignedAttestation.$Shape;
        static create(properties?: moemeshattest.SignedAttestation.$Properties): moemeshattest.SignedAttestation;

        /**
         * Encodes the specified SignedAttestation message. Does not implicitly {@link moemeshattest.SignedAttestation.verify|verify} messages.
         * @param message SignedAttestation message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemeshattest.SignedAttestation.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a SignedAttestation message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemeshattest.SignedAttestation & moemeshattest.SignedAttestation.$Shape} SignedAttestation
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemeshattest.SignedAttestation & moemeshattest.SignedAttestation.$Shape;

        /**
         * Creates a SignedAttestation message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns SignedAttestation
         */
        static fromObject(object: { [k: string]: any }): moemeshattest.SignedAttestation;

        /**
         * Creates a plain object from a SignedAttestation message. Also converts values to other types if specified.
         * @param message SignedAttestation
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemeshattest.SignedAttestation, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this SignedAttestation to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for SignedAttestation
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace SignedAttestation {

        /** Properties of a SignedAttestation. */
        interface $Properties {

            /** SignedAttestation attestation */
            attestation?: (Uint8Array|null);

            /** SignedAttestation publicKey */
            publicKey?: (Uint8Array|null);

            /** SignedAttestation signature */
            signature?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a SignedAttestation. */
        type $Shape = moemeshattest.SignedAttestation.$Properties;
    }
}
