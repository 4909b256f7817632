import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace moemeshmarket. */
export namespace moemeshmarket {

    /**
     * Properties of a CallRecord.
     * @deprecated Use moemeshmarket.CallRecord.$Properties instead.
     */
    interface ICallRecord extends moemeshmarket.CallRecord.$Properties {
    }

    /** Represents a CallRecord. */
    class CallRecord {

        /**
         * Constructs a new CallRecord.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemeshmarket.CallRecord.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** CallRecord queryId. */
        queryId: Uint8Array;

        /** CallRecord expertId. */
        expertId: Uint8Array;

        /** CallRecord unitPriceMicro. */
        unitPriceMicro: number;

        /** CallRecord requestHash. */
        requestHash: Uint8Array;

        /** CallRecord answerHash. */
        answerHash: Uint8Array;

        /**
         * Creates a new CallRecord instance using the specified properties.
         * @param [properties] Properties to set
         * @returns CallRecord instance
         */
        static create(properties: moemeshmarket.CallRecord.$Shape): moemeshmarket.CallRecord & moemeshmarket.CallRecord.$Shape;
        static create(properties?: moemeshmarket.CallRecord.$Properties): moemeshmarket.CallRecord;

        /**
         * Encodes the specified CallRecord message. Does not implicitly {@link moemeshmarket.CallRecord.verify|verify} messages.
         * @param message CallRecord message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemeshmarket.CallRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a CallRecord message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemeshmarket.CallRecord & moemeshmarket.CallRecord.$Shape} CallRecord
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemeshmarket.CallRecord & moemeshmarket.CallRecord.$Shape;

        /**
         * Creates a CallRecord message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns CallRecord
         */
        static fromObject(object: { [k: string]: any }): moemeshmarket.CallRecord;

        /**
         * Creates a plain object from a CallRecord message. Also converts values to other types if specified.
         * @param message CallRecord
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemeshmarket.CallRecord, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this CallRecord to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for CallRecord
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace CallRecord {

        /** Properties of a CallRecord. */
        interface $Properties {

            /** CallRecord queryId */
            queryId?: (Uint8Array|null);

            /** CallRecord expertId */
            expertId?: (Uint8Array|null);

            /** CallRecord unitPriceMicro */
            unitPriceMicro?: (number|null);

            /** CallRecord requestHash */
            requestHash?: (Uint8Array|null);

            /** CallRecord answerHash */
            answerHash?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a CallRecord. */
        type $Shape = moemeshmarket.CallRecord.$Properties;
    }

    /**
     * Properties of a Receipt.
     * @deprecated Use moemeshmarket.Receipt.$Properties instead.
     */
    interface IReceipt extends moemeshmarket.Receipt.$Properties {
    }

    /** Represents a Receipt. */
    class Receipt {

        /**
         * Constructs a new Receipt.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemeshmarket.Receipt.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Receipt payer. */
        payer: string;

        /** Receipt payee. */
        payee: string;

        /** Receipt lane. */
        lane: number;

        /** Receipt seq. */
        seq: number;

        /** Receipt cumulativeMicro. */
        cumulativeMicro: number;

        /** Receipt lastCall. */
        lastCall?: (moemeshmarket.CallRecord.$Properties|null);

        /** Receipt issuedAtMs. */
        issuedAtMs: number;

        /** Receipt expiresAtMs. */
        expiresAtMs: number;

        /**
         * Creates a new Receipt instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Receipt instance
         */
        static create(properties: moemeshmarket.Receipt.$Shape): moemeshmarket.Receipt & moemeshmarket.Receipt.$Shape;
        static create(properties?: moemeshmarket.Receipt.$Properties): moemeshmarket.Receipt;

        /**
         * Encodes the specified Receipt message. Does not implicitly {@link moemeshmarket.Receipt.verify|verify} messages.
         * @param message Receipt message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemeshmarket.Receipt.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Receipt message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemeshmarket.Receipt & moemeshmarket.Receipt.$Shape} Receipt
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemeshmarket.Receipt & moemeshmarket.Receipt.$Shape;

        /**
         * Creates a Receipt message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Receipt
         */
        static fromObject(object: { [k: string]: any }): moemeshmarket.Receipt;

        /**
         * Creates a plain object from a Receipt message. Also converts values to other types if specified.
         * @param message Receipt
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemeshmarket.Receipt, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Receipt to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for Receipt
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Receipt {

        /** Properties of a Receipt. */
        interface $Properties {

            /** Receipt payer */
            payer?: (string|null);

            /** Receipt payee */
            payee?: (string|null);

            /** Receipt lane */
            lane?: (number|null);

            /** Receipt seq */
            seq?: (number|null);

            /** Receipt cumulativeMicro */
            cumulativeMicro?: (number|null);

            /** Receipt lastCall */
            lastCall?: (moemeshmarket.CallRecord.$Properties|null);

            /** Receipt issuedAtMs */
            issuedAtMs?: (number|null);

            /** Receipt expiresAtMs */
            expiresAtMs?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Receipt. */
        type $Shape = moemeshmarket.Receipt.$Properties;
    }

    /**
     * Properties of a SignedReceipt.
     * @deprecated Use moemeshmarket.SignedReceipt.$Properties instead.
     */
    interface ISignedReceipt extends moemeshmarket.SignedReceipt.$Properties {
    }

    /** Represents a SignedReceipt. */
    class SignedReceipt {

        /**
         * Constructs a new SignedReceipt.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemeshmarket.SignedReceipt.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** SignedReceipt receipt. */
        receipt: Uint8Array;

        /** SignedReceipt signature. */
        signature: Uint8Array;

        /**
         * Creates a new SignedReceipt instance using the specified properties.
         * @param [properties] Properties to set
         * @returns SignedReceipt instance
         */
        static create(properties: moemeshmarket.SignedReceipt.$Shape): moemeshmarket.SignedReceipt & moemeshmarket.SignedReceipt.$Shape;
        static create(properties?: moemeshmarket.SignedReceipt.$Properties): moemeshmarket.SignedReceipt;

        /**
         * Encodes the specified SignedReceipt message. Does not implicitly {@link moemeshmarket.SignedReceipt.verify|verify} messages.
         * @param message SignedReceipt message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemeshmarket.SignedReceipt.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a SignedReceipt message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemeshmarket.SignedReceipt & moemeshmarket.SignedReceipt.$Shape} SignedReceipt
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemeshmarket.SignedReceipt & moemeshmarket.SignedReceipt.$Shape;

        /**
         * Creates a SignedReceipt message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns SignedReceipt
         */
        static fromObject(object: { [k: string]: any }): moemeshmarket.SignedReceipt;

        /**
         * Creates a plain object from a SignedReceipt message. Also converts values to other types if specified.
         * @param message SignedReceipt
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemeshmarket.SignedReceipt, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this SignedReceipt to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for SignedReceipt
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace SignedReceipt {

        /** Properties of a SignedReceipt. */
        interface $Properties {

            /** SignedReceipt receipt */
            receipt?: (Uint8Array|null);

            /** SignedReceipt signature */
            signature?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a SignedReceipt. */
        type $Shape = moemeshmarket.SignedReceipt.$Properties;
    }

    /**
     * Properties of a ReceiptAck.
     * @deprecated Use moemeshmarket.ReceiptAck.$Properties instead.
     */
    interface IReceiptAck extends moemeshmarket.ReceiptAck.$Properties {
    }

    /** Represents a ReceiptAck. */
    class ReceiptAck {

        /**
         * Constructs a new ReceiptAck.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemeshmarket.ReceiptAck.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ReceiptAck status. */
        status: moemeshmarket.ReceiptAck.Status;

        /** ReceiptAck lane. */
        lane: number;

        /** ReceiptAck seq. */
        seq: number;

        /** ReceiptAck cumulativeMicro. */
        cumulativeMicro: number;

        /**
         * Creates a new ReceiptAck instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ReceiptAck instance
         */
        static create(properties: moemeshmarket.ReceiptAck.$Shape): moemeshmarket.ReceiptAck & moemeshmarket.ReceiptAck.$Shape;
        static create(properties?: moemeshmarket.ReceiptAck.$Properties): moemeshmarket.ReceiptAck;

        /**
         * Encodes the specified ReceiptAck message. Does not implicitly {@link moemeshmarket.ReceiptAck.verify|verify} messages.
         * @param message ReceiptAck message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemeshmarket.ReceiptAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ReceiptAck message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemeshmarket.ReceiptAck & moemeshmarket.ReceiptAck.$Shape} ReceiptAck
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemeshmarket.ReceiptAck & moemeshmarket.ReceiptAck.$Shape;

        /**
         * Creates a ReceiptAck message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns ReceiptAck
         */
        static fromObject(object: { [k: string]: any }): moemeshmarket.ReceiptAck;

        /**
         * Creates a plain object from a ReceiptAck message. Also converts values to other types if specified.
         * @param message ReceiptAck
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemeshmarket.ReceiptAck, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ReceiptAck to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for ReceiptAck
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ReceiptAck {

        /** Properties of a ReceiptAck. */
        interface $Properties {

            /** ReceiptAck status */
            status?: (moemeshmarket.ReceiptAck.Status|null);

            /** ReceiptAck lane */
            lane?: (number|null);

            /** ReceiptAck seq */
            seq?: (number|null);

            /** ReceiptAck cumulativeMicro */
            cumulativeMicro?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ReceiptAck. */
        type $Shape = moemeshmarket.ReceiptAck.$Properties;

        /** Status enum. */
        enum Status {

            /** ACCEPTED value */
            ACCEPTED = 0,

            /** STALE value */
            STALE = 1,

            /** INVALID value */
            INVALID = 2,

            /** BUSY value */
            BUSY = 3
        }
    }
}
